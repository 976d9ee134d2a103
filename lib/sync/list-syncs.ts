import { pool } from "@/lib/db";
import { loadSyncHealth } from "@/lib/sync/load-sync-health";
import type { SyncHealth } from "@/lib/sync/sync-health";

// The Syncs list: every sync with its latest real run and latest snapshot, and its health from
// the one model (sync-health.ts) the sync page, the API and the Overview show too.

export type SyncListRow = {
  id: string;
  name: string;
  state: "draft" | "live" | "paused";
  pausedReason: string | null;
  segmentId: string;
  segmentName: string;
  destinationId: string;
  destinationName: string;
  destinationKind: string;
  nextRunAt: Date | null;
  lastRun: {
    id: string;
    status: string;
    finishedAt: Date | null;
    startedAt: Date | null;
    added: number;
    removed: number;
    failed: number;
    invalid: number;
    error: string | null;
  } | null;
  audienceSize: number | null;
  segmentSize: number | null;
  health: SyncHealth;
};

export async function listSyncs(filter: { destinationId?: string; segmentId?: string } = {}): Promise<SyncListRow[]> {
  const { rows } = await pool().query(
    `SELECT s.id, s.name, s.state, s.paused_reason, s.segment_id, g.name AS segment_name, s.destination_id, d.name AS destination_name, d.kind AS destination_kind,
       s.next_run_at, to_jsonb(r) AS last_run, ms.audience_size, ms.segment_size
     FROM syncs s
     JOIN segments g ON g.id = s.segment_id
     JOIN destinations d ON d.id = s.destination_id
     LEFT JOIN LATERAL (
       SELECT id, status, finished_at AS "finishedAt", started_at AS "startedAt", added, removed, failed, invalid, error
       FROM sync_runs WHERE sync_id = s.id AND NOT dry_run AND status <> 'queued' ORDER BY created_at DESC LIMIT 1
     ) r ON true
     LEFT JOIN LATERAL (SELECT audience_size, segment_size FROM metric_snapshots WHERE sync_id = s.id ORDER BY taken_at DESC LIMIT 1) ms ON true
     WHERE ($1::text IS NULL OR s.destination_id = $1) AND ($2::text IS NULL OR s.segment_id = $2)
     ORDER BY s.created_at`,
    [filter.destinationId ?? null, filter.segmentId ?? null],
  );
  const health = await loadSyncHealth(rows.map((r) => r.id));
  return rows.map((r) => {
    const lastRun = r.last_run
      ? {
          ...r.last_run,
          finishedAt: r.last_run.finishedAt ? new Date(r.last_run.finishedAt) : null,
          startedAt: r.last_run.startedAt ? new Date(r.last_run.startedAt) : null,
        }
      : null;
    return {
      id: r.id,
      name: r.name,
      state: r.state,
      pausedReason: r.paused_reason,
      segmentId: r.segment_id,
      segmentName: r.segment_name,
      destinationId: r.destination_id,
      destinationName: r.destination_name,
      destinationKind: r.destination_kind,
      nextRunAt: r.next_run_at,
      lastRun,
      audienceSize: r.audience_size,
      segmentSize: r.segment_size,
      health: health.get(r.id)!,
    };
  });
}
