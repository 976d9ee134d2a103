import type pg from "pg";
import { pool } from "@/lib/db";

// Folds events that bypassed the rollup triggers into profile_event_last. Ordinary writes
// keep the rollup exact through triggers (migration 20261129040000_segments); bulk loads
// running with session_replication_role = replica (the demo seeder) skip triggers, so the
// state row remembers the highest event id certainly included and anything above it is
// applied here before segments are evaluated. Applying an event twice is harmless (the
// upsert keeps the maximum), which is what makes this simple.

const STATE_ID = "profile_event_last";
const CHUNK = 2_000_000;
const LOCK_KEY = 0x5e6_0001;

export type CatchUp = { fromId: number; toId: number; ms: number };

/** Cheap when nothing is pending: two index lookups. */
export async function catchUpEventRollup(db: pg.Pool = pool()): Promise<CatchUp | null> {
  const pending = await db.query<{ done: string; top: string | null }>(
    `SELECT (SELECT event_id FROM segment_rollup_state WHERE id = $1) AS done, (SELECT max(id) FROM events) AS top`,
    [STATE_ID],
  );
  const { done, top } = pending.rows[0]!;
  if (top === null || Number(top) <= Number(done ?? 0)) return null;

  const started = performance.now();
  const client = await db.connect();
  try {
    // One catch-up at a time; a second caller waits, then finds nothing left to do.
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    const { rows } = await client.query<{ event_id: string }>(`SELECT event_id FROM segment_rollup_state WHERE id = $1`, [STATE_ID]);
    let from = Number(rows[0]?.event_id ?? 0);
    const to = Number(top);
    const first = from;
    while (from < to) {
      const upto = Math.min(to, from + CHUNK);
      await client.query("BEGIN");
      await client.query("SET LOCAL work_mem = '256MB'");
      await client.query(
        `INSERT INTO profile_event_last AS l (profile_id, name, last_at)
         SELECT profile_id, name, max(occurred_at) FROM events
         WHERE id > $1 AND id <= $2 AND profile_id IS NOT NULL
         GROUP BY profile_id, name ORDER BY profile_id, name
         ON CONFLICT (profile_id, name) DO UPDATE SET last_at = EXCLUDED.last_at WHERE EXCLUDED.last_at > l.last_at`,
        [from, upto],
      );
      await client.query(`UPDATE segment_rollup_state SET event_id = GREATEST(event_id, $2), updated_at = now() WHERE id = $1`, [
        STATE_ID,
        upto,
      ]);
      await client.query("COMMIT");
      from = upto;
    }
    return { fromId: first, toId: to, ms: Math.round(performance.now() - started) };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    client.release();
  }
}
