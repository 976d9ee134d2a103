import type pg from "pg";
import { pool } from "@/lib/db";

// Brings profile_event_last up to date before anything reads it. Two things can be pending:
// - maxima the ingest writer appended to profile_event_last_pending instead of upserting
//   (migration 20261201194000_rollup_pending: appending never waits on another writer's row
//   lock); they are folded in here, by one folder at a time, so the upserts never contend;
// - events that bypassed the rollup triggers: bulk loads running with session_replication_role
//   = replica (the demo seeder) skip triggers, so the state row remembers the highest event id
//   certainly included and anything above it is applied here.
// Applying a maximum twice is harmless (the upsert keeps the greatest), which is what makes this simple.

const STATE_ID = "profile_event_last";
const CHUNK = 2_000_000;
const FOLD_CHUNK = 500_000;
const LOCK_KEY = 0x5e6_0001;

export type CatchUp = { fromId: number; toId: number; folded: number; ms: number };

// A person deleted while their rows are folded fails the foreign key (23503); the delete's own
// trigger removes their pending rows, so the next attempt no longer sees them.
export const FOLD_SQL = `
WITH d AS (
  DELETE FROM profile_event_last_pending
   WHERE ctid = ANY (ARRAY(SELECT ctid FROM profile_event_last_pending LIMIT ${FOLD_CHUNK}))
  RETURNING profile_id, name, last_at
),
folded AS (
  INSERT INTO profile_event_last AS l (profile_id, name, last_at)
  SELECT d.profile_id, d.name, max(d.last_at) FROM d
   WHERE EXISTS (SELECT 1 FROM profiles p WHERE p.id = d.profile_id)
   GROUP BY d.profile_id, d.name ORDER BY d.profile_id, d.name
  ON CONFLICT (profile_id, name) DO UPDATE SET last_at = EXCLUDED.last_at WHERE EXCLUDED.last_at > l.last_at
)
SELECT count(*)::int AS n FROM d`;

async function foldPending(client: pg.PoolClient): Promise<number> {
  let total = 0;
  for (let attempt = 1; ;) {
    try {
      const { rows } = await client.query<{ n: number }>(FOLD_SQL);
      total += rows[0]!.n;
      if (rows[0]!.n < FOLD_CHUNK) return total;
    } catch (e) {
      if ((e as { code?: string }).code !== "23503" || attempt++ >= 5) throw e;
    }
  }
}

/** Cheap when nothing is pending: three index lookups. */
export async function catchUpEventRollup(db: pg.Pool = pool()): Promise<CatchUp | null> {
  const pending = await db.query<{ done: string; top: string | null; appended: boolean }>(
    `SELECT (SELECT event_id FROM segment_rollup_state WHERE id = $1) AS done, (SELECT max(id) FROM events) AS top,
            EXISTS (SELECT 1 FROM profile_event_last_pending) AS appended`,
    [STATE_ID],
  );
  const { done, top, appended } = pending.rows[0]!;
  const bypassed = top !== null && Number(top) > Number(done ?? 0);
  if (!bypassed && !appended) return null;

  const started = performance.now();
  const client = await db.connect();
  try {
    // One catch-up at a time; a second caller waits, then finds nothing left to do.
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    const { rows } = await client.query<{ event_id: string }>(`SELECT event_id FROM segment_rollup_state WHERE id = $1`, [STATE_ID]);
    const folded = appended ? await foldPending(client) : 0;
    let from = Number(rows[0]?.event_id ?? 0);
    const to = Number(top ?? 0);
    const first = from;
    while (from < to) {
      const upto = Math.min(to, from + CHUNK);
      // By hand, not transactionOn: one transaction per chunk under the session lock above, and the catch below rolls back whichever is open.
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
    return { fromId: first, toId: Math.max(first, to), folded, ms: Math.round(performance.now() - started) };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    client.release();
  }
}

/**
 * Only the appended maxima, for the worker's loop between reads: a full catch-up would also
 * re-aggregate every event stored since the last one (the event-id pass cannot tell triggered
 * events from bypassed ones), doing the rollup's work a second time every few seconds. Skips
 * when a catch-up or another fold holds the lock: that one folds the same rows.
 */
export async function foldPendingRollup(db: pg.Pool = pool()): Promise<number> {
  const { rows } = await db.query<{ appended: boolean }>(`SELECT EXISTS (SELECT 1 FROM profile_event_last_pending) AS appended`);
  if (!rows[0]!.appended) return 0;
  const client = await db.connect();
  let locked = false;
  try {
    locked = (await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [LOCK_KEY])).rows[0]!.ok;
    return locked ? await foldPending(client) : 0;
  } finally {
    if (locked) await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    client.release();
  }
}
