import { pool } from "@/lib/db";
import type { Counter } from "@/lib/monitoring/alerts/rule-schemas";

// For a deviation rule: each sync's latest value of a counter and the median of the N runs
// before it, in one statement. Sizes and the match rate come from the run's snapshot
// (metric_snapshots), what a run did from its record (sync_runs); both read per sync through
// their (sync_id, time) index, newest first, so 90 days of history costs N+1 rows a sync.

const SNAPSHOT_COLUMN: Partial<Record<Counter, string>> = {
  segment_size: "segment_size",
  eligible: "eligible_size",
  delivered: "audience_size",
  match_rate: "match_rate",
};
const RUN_COLUMN: Partial<Record<Counter, string>> = { added: "added", removed: "removed", rejected: "invalid" };

export type CounterPoint = { latest: number; median: number; runs: number };

export async function counterHistory(counter: Counter, runs: number, syncIds: string[]): Promise<Map<string, CounterPoint>> {
  const out = new Map<string, CounterPoint>();
  if (!syncIds.length) return out;
  const snap = SNAPSHOT_COLUMN[counter];
  // Column names come from the fixed maps above, never from input.
  const series = snap
    ? `SELECT x.${snap}::float8 AS v FROM metric_snapshots x WHERE x.sync_id = s.id AND x.${snap} IS NOT NULL ORDER BY x.taken_at DESC LIMIT $2 + 1`
    : `SELECT r.${RUN_COLUMN[counter]}::float8 AS v FROM sync_runs r
        WHERE r.sync_id = s.id AND NOT r.dry_run AND r.status IN ('succeeded', 'partial', 'failed') ORDER BY r.created_at DESC LIMIT $2 + 1`;
  const { rows } = await pool().query<{ id: string; latest: number | null; median: number | null; runs: number }>(
    `SELECT id, vals[1] AS latest, cardinality(vals) - 1 AS runs,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM unnest(vals[2:]) v) AS median
       FROM (SELECT s.id, array(SELECT v FROM (${series}) q) AS vals FROM unnest($1::text[]) AS s(id)) t`,
    [syncIds, runs],
  );
  for (const r of rows) {
    // Fewer runs than asked is no baseline yet: a new sync's first runs are not "deviations".
    if (r.latest == null || r.median == null || r.runs < runs) continue;
    out.set(r.id, { latest: Number(r.latest), median: Number(r.median), runs: r.runs });
  }
  return out;
}
