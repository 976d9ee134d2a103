import { pool } from "@/lib/db";
import { REMOVAL_REFUSED } from "@/lib/connectors/contract";
import { loadSyncHealth } from "@/lib/sync/load-sync-health";
import type { SyncHealth } from "@/lib/sync/sync-health";

// What the sync rules read, for every live or paused sync in one query: the sync, its segment
// and destination, its latest real run with the run's refused removals, and its latest
// snapshot. The sync's state comes from the one health model (load-sync-health.ts), never
// recomputed here, so an alert says what the sync page says. Timestamps are TIMESTAMP(3) holding
// UTC: read AT TIME ZONE 'UTC' so they are right whatever the server's zone.

export type SyncFacts = {
  syncId: string;
  name: string;
  state: "draft" | "live" | "paused";
  pausedReason: string | null;
  segmentId: string;
  segmentName: string;
  segmentSize: number;
  segmentRefreshedAt: Date | null;
  destinationId: string;
  destinationName: string;
  kind: string;
  health: SyncHealth;
  run: {
    id: string;
    status: string;
    error: string | null;
    finishedAt: Date | null;
    added: number;
    removed: number;
    failed: number;
    invalid: number;
    toAdd: number | null;
    toRemove: number | null;
    refusedRemovals: number;
  } | null;
  snapshot: {
    takenAt: Date;
    segmentSize: number | null;
    eligible: number | null;
    delivered: number | null;
    reportedSize: number | null;
    matchRate: number | null;
    platform: { status?: string | null; size?: number | null } | null;
  } | null;
  /** The end of the last run that changed the audience (when the platform's clock for visibility started). */
  lastChangeAt: Date | null;
};

type Row = {
  id: string;
  name: string;
  state: SyncFacts["state"];
  paused_reason: string | null;
  segment_id: string;
  segment_name: string;
  segment_size: number;
  segment_refreshed_at: Date | null;
  destination_id: string;
  destination_name: string;
  kind: string;
  run: (Omit<NonNullable<SyncFacts["run"]>, "finishedAt"> & { finishedAt: string | null }) | null;
  snap_taken_at: Date | null;
  snap_segment: number | null;
  snap_eligible: number | null;
  snap_delivered: number | null;
  snap_reported: number | null;
  snap_match: number | null;
  snap_platform: { status?: string | null; size?: number | null } | null;
  last_change_at: Date | null;
};

export async function loadSyncFacts(): Promise<SyncFacts[]> {
  const { rows } = await pool().query<Row>(
    `SELECT s.id, s.name, s.state, s.paused_reason, s.segment_id, g.name AS segment_name, g.size AS segment_size,
            g.last_refreshed_at AT TIME ZONE 'UTC' AS segment_refreshed_at, d.id AS destination_id, d.name AS destination_name, d.kind,
            (SELECT jsonb_build_object('id', r.id, 'status', r.status, 'error', r.error,
                      'finishedAt', to_char(r.finished_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                      'added', r.added, 'removed', r.removed, 'failed', r.failed, 'invalid', r.invalid,
                      'toAdd', r.to_add, 'toRemove', r.to_remove,
                      'refusedRemovals', (SELECT count(*) FROM sync_run_item_errors e WHERE e.run_id = r.id AND e.code = $1))
               FROM sync_runs r
              WHERE r.sync_id = s.id AND NOT r.dry_run AND r.status NOT IN ('queued', 'cancelled', 'running')
              ORDER BY r.created_at DESC LIMIT 1) AS run,
            m.taken_at AT TIME ZONE 'UTC' AS snap_taken_at, m.segment_size AS snap_segment, m.eligible_size AS snap_eligible,
            m.audience_size AS snap_delivered, m.reported_size AS snap_reported, m.match_rate AS snap_match,
            m.figures->'platform' AS snap_platform,
            -- Newest first through (sync_id, created_at): stops at the latest run that changed the audience.
            (SELECT r.finished_at AT TIME ZONE 'UTC' FROM sync_runs r WHERE r.sync_id = s.id AND NOT r.dry_run AND r.added + r.removed > 0
              ORDER BY r.created_at DESC LIMIT 1) AS last_change_at
       FROM syncs s
       JOIN segments g ON g.id = s.segment_id
       JOIN destinations d ON d.id = s.destination_id
       LEFT JOIN LATERAL (SELECT * FROM metric_snapshots x WHERE x.sync_id = s.id ORDER BY x.taken_at DESC LIMIT 1) m ON true
      WHERE s.state IN ('live', 'paused')`,
    [REMOVAL_REFUSED],
  );
  const health = await loadSyncHealth(rows.map((r) => r.id));
  return rows.map((r) => ({
    syncId: r.id,
    name: r.name,
    state: r.state,
    pausedReason: r.paused_reason,
    segmentId: r.segment_id,
    segmentName: r.segment_name,
    segmentSize: r.segment_size,
    segmentRefreshedAt: r.segment_refreshed_at,
    destinationId: r.destination_id,
    destinationName: r.destination_name,
    kind: r.kind,
    health: health.get(r.id)!,
    run: r.run
      ? { ...r.run, finishedAt: r.run.finishedAt ? new Date(r.run.finishedAt) : null, refusedRemovals: Number(r.run.refusedRemovals) }
      : null,
    snapshot: r.snap_taken_at
      ? {
          takenAt: r.snap_taken_at,
          segmentSize: r.snap_segment,
          eligible: r.snap_eligible,
          delivered: r.snap_delivered,
          reportedSize: r.snap_reported,
          matchRate: r.snap_match == null ? null : Number(r.snap_match),
          platform: r.snap_platform,
        }
      : null,
    lastChangeAt: r.last_change_at,
  }));
}
