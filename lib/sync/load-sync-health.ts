import { pool } from "@/lib/db";
import type { Connector, DestinationKind } from "@/lib/connectors/contract";
import { connectorFor } from "@/lib/connectors/registry";
import { visibility } from "@/lib/sync/safety-rails";
import { healthRun, syncHealth, type SyncHealth } from "@/lib/sync/sync-health";

// The data behind the one health model (sync-health.ts), for any set of syncs in one query:
// the list, the sync page, the API and the Overview all call this, so they read the same runs.
// The latest snapshot is found by (sync_id, taken_at), its index: ordered by id alone, Postgres
// walked the primary key backwards past every other sync's rows (58 s for 500 syncs × 30 days).

/** Runs read per sync: enough for the streak behind "failing since". The last audience change is
 * read the same way, newest first through (sync_id, created_at): one row, not the sync's every run. */
const RECENT = 20;

export async function loadSyncHealth(syncIds?: string[]): Promise<Map<string, SyncHealth>> {
  const { rows } = await pool().query<{
    id: string;
    state: "draft" | "live" | "paused";
    paused_reason: string | null;
    kind: string;
    runs: unknown[];
    platform: { status?: string | null; size?: number | null } | null;
    last_change_at: string | null;
  }>(
    `SELECT s.id, s.state, s.paused_reason, d.kind,
       coalesce((SELECT jsonb_agg(x ORDER BY x."createdAt" DESC) FROM (
         SELECT id, status, created_at AS "createdAt", finished_at AS "finishedAt", error, added, removed, failed, invalid, stats->'warnings' AS warnings
         FROM sync_runs WHERE sync_id = s.id AND NOT dry_run AND status NOT IN ('queued', 'cancelled') ORDER BY created_at DESC LIMIT ${RECENT}) x), '[]'::jsonb) AS runs,
       (SELECT figures->'platform' FROM metric_snapshots WHERE sync_id = s.id ORDER BY taken_at DESC, id DESC LIMIT 1) AS platform,
       (SELECT to_char(finished_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM sync_runs WHERE sync_id = s.id AND NOT dry_run AND added + removed > 0 ORDER BY created_at DESC LIMIT 1) AS last_change_at
     FROM syncs s JOIN destinations d ON d.id = s.destination_id
     WHERE $1::text[] IS NULL OR s.id = ANY($1::text[])`,
    [syncIds ?? null],
  );
  const out = new Map<string, SyncHealth>();
  for (const r of rows) {
    let connector: Connector<unknown, unknown> | null = null;
    try {
      connector = connectorFor(r.kind as DestinationKind) as Connector<unknown, unknown>;
    } catch {
      // a kind whose connector is not installed in this build: no visibility check
    }
    // Timestamps are TIMESTAMP(3) holding UTC, serialized without a zone by to_jsonb.
    const utc = (v: unknown) => (typeof v === "string" && !/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? `${v}Z` : v);
    const runs = r.runs.map((x) => {
      const o = x as Record<string, unknown>;
      return healthRun.parse({ ...o, createdAt: utc(o.createdAt), finishedAt: o.finishedAt ? utc(o.finishedAt) : null });
    });
    const lastChange = r.last_change_at ? new Date(r.last_change_at) : null;
    out.set(
      r.id,
      syncHealth({
        state: r.state,
        pausedReason: r.paused_reason,
        runs,
        visibility: connector ? visibility(connector, lastChange, r.platform) : null,
      }),
    );
  }
  return out;
}

export async function loadOneSyncHealth(syncId: string): Promise<SyncHealth> {
  const health = (await loadSyncHealth([syncId])).get(syncId);
  if (!health) throw new Error(`No sync ${syncId}`);
  return health;
}
