import type pg from "pg";
import { z } from "zod";
import { pool } from "@/lib/db";
import { defineJob } from "@/lib/jobs/define-job";

// Reads of the pre-aggregated counts (migration 20261201195000_page_counts): every statement that
// writes events or profiles appends its deltas from a statement-level trigger, readers sum them,
// and the job below folds them into one row per key so the sums stay small. Exact at all times:
// a delta commits with the rows it counts.

type Queryable = Pick<pg.Pool | pg.PoolClient | pg.Client, "query">;

/** Every profile counter (profile_count_keys in the migration), 0 when nothing has it. */
export async function profileCounts(q: Queryable = pool()): Promise<(key: string) => number> {
  const { rows } = await q.query<{ key: string; n: string }>(`SELECT key, sum(n) AS n FROM profile_counts GROUP BY key`);
  const counts = new Map(rows.map((r) => [r.key, Number(r.n)]));
  return (key) => counts.get(key) ?? 0;
}

/**
 * Folds each table's deltas into one row per key. Rows committed after this statement's snapshot
 * are neither deleted nor summed, so concurrent writers lose nothing; two compactions at once
 * cannot count a row twice (the second skips rows the first deleted).
 */
export async function compactPageCounts(): Promise<{ events: number; profiles: number }> {
  const events = await pool().query(`
    WITH gone AS (DELETE FROM event_hourly_counts RETURNING hour, name, events)
    INSERT INTO event_hourly_counts (hour, name, events)
    SELECT hour, name, sum(events) FROM gone GROUP BY 1, 2 HAVING sum(events) <> 0`);
  const profiles = await pool().query(`
    WITH gone AS (DELETE FROM profile_counts RETURNING key, n)
    INSERT INTO profile_counts (key, n) SELECT key, sum(n) FROM gone GROUP BY 1 HAVING sum(n) <> 0`);
  // Values nobody has any more (identifier_values, migration 20261201195001); a concurrent writer of one re-inserts it.
  await pool().query(`DELETE FROM identifier_values WHERE people = 0`);
  return { events: events.rowCount ?? 0, profiles: profiles.rowCount ?? 0 };
}

/**
 * For a bulk load that skipped triggers (session_replication_role = replica, the demo seeder):
 * counts the events this transaction wrote, before it commits, so they commit together.
 */
export async function countOwnEvents(client: Queryable): Promise<void> {
  await client.query(`
    INSERT INTO event_hourly_counts (hour, name, events)
    SELECT date_trunc('hour', occurred_at), name, count(*) FROM events
     WHERE ingest_xid = pg_current_xact_id()::text::bigint GROUP BY 1, 2`);
}

export const compactPageCountsJob = defineJob({
  name: "overview.compact-counts",
  payload: z.object({}).passthrough(),
  cron: "* * * * *",
  handler: () => compactPageCounts(),
});
