import type pg from "pg";
import { pool } from "@/lib/db";

// Brings profile_event_last (latest event per person and name) up to date before anything reads
// it. Nothing maintains it on the ingest path (migration 20261202190000_rollup_from_events):
// appending maxima there, then deleting them here, cost more than the events themselves. Instead
// the events are folded in from their storing transaction id (events.ingest_xid, the cursor the
// stream fan-out and the near-real-time pass read too): every event whose transaction is at or
// above the position, then the position moves to the fold's snapshot xmin. Every transaction
// below that xmin has ended, so nothing can still appear beneath the position; events at or
// above it that were already visible are read again next time, which is harmless because the
// upsert keeps the greatest time. (The delivery cursor, lib/delivery/xid-cursor.ts, stops at the
// xmin instead: it must act on each row once. A reader here needs every event it can see.) Bulk
// loads that skip triggers (the demo seeder) are covered the same way: ingest_xid is a column
// default.
//
// Updates and deletes of events still recompute their pairs synchronously (their triggers).

const STATE_ID = "profile_event_last";
const LOCK_KEY = 0x5e6_0001;

export type CatchUp = { fromXid: string; toXid: string; folded: number; ms: number };

// One statement, so the snapshot that reads the events is the one whose xmin becomes the new
// position. A person deleted after the read fails the foreign key (23503): the next attempt no
// longer sees their events. The EXISTS skips people already gone.
export const FOLD_SQL = `
WITH snap AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS upto),
folded AS (
  INSERT INTO profile_event_last AS l (profile_id, name, last_at)
  SELECT g.profile_id, g.name, g.last_at
    FROM (SELECT profile_id, name, max(occurred_at) AS last_at FROM events
           WHERE ingest_xid >= $1::bigint AND profile_id IS NOT NULL GROUP BY 1, 2) g
   WHERE EXISTS (SELECT 1 FROM profiles p WHERE p.id = g.profile_id)
   ORDER BY 1, 2
  ON CONFLICT (profile_id, name) DO UPDATE SET last_at = EXCLUDED.last_at WHERE EXCLUDED.last_at > l.last_at
  RETURNING 1
)
SELECT (SELECT upto FROM snap) AS upto, (SELECT count(*) FROM folded)::int AS n`;

const POSITION_SQL = `SELECT xid::text AS position FROM segment_rollup_state WHERE id = $1`;

/** Folds everything at or above the position; the caller holds the folder's lock (benchmarks call it directly, alone). */
export async function fold(client: pg.ClientBase): Promise<Omit<CatchUp, "ms">> {
  for (let attempt = 1; ; attempt++) {
    try {
      // By hand, not transactionOn: the fold and its new position commit together, and the catch below rolls back.
      await client.query("BEGIN");
      await client.query("SET LOCAL work_mem = '256MB'");
      const from = (await client.query<{ position: string }>(POSITION_SQL, [STATE_ID])).rows[0]!.position;
      const { rows } = await client.query<{ upto: string; n: number }>(FOLD_SQL, [from]);
      await client.query(`UPDATE segment_rollup_state SET xid = $2::bigint, updated_at = now() WHERE id = $1`, [STATE_ID, rows[0]!.upto]);
      await client.query("COMMIT");
      return { fromXid: from, toXid: rows[0]!.upto, folded: rows[0]!.n };
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      if ((e as { code?: string }).code !== "23503" || attempt >= 5) throw e;
    }
  }
}

/**
 * Whether any event is at or above the position: the newest transaction id, one probe at the end
 * of its index. (EXISTS with the position as a subquery let the planner scan events from their
 * first page: 160 ms under load.)
 */
async function anythingToFold(db: pg.Pool): Promise<boolean> {
  const { rows } = await db.query<{ pending: boolean }>(
    `SELECT COALESCE((SELECT max(ingest_xid) FROM events) >= (SELECT xid FROM segment_rollup_state WHERE id = $1), false) AS pending`,
    [STATE_ID],
  );
  return rows[0]!.pending;
}

/** Before reading the rollup. Cheap when nothing arrived since the last fold; otherwise waits for a fold in progress, then folds. */
export async function catchUpEventRollup(db: pg.Pool = pool()): Promise<CatchUp | null> {
  if (!(await anythingToFold(db))) return null;
  const started = performance.now();
  const client = await db.connect();
  try {
    // One fold at a time: a second caller waits, then folds only what arrived meanwhile.
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    return { ...(await fold(client)), ms: Math.round(performance.now() - started) };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    client.release();
  }
}

/**
 * For the worker's loop between reads: keeps each reader's fold short. Skips when a fold is
 * already running (it covers the same events). Returns how many (person, name) rows it wrote.
 */
export async function foldEventRollup(db: pg.Pool = pool()): Promise<number> {
  if (!(await anythingToFold(db))) return 0;
  const client = await db.connect();
  let locked = false;
  try {
    locked = (await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [LOCK_KEY])).rows[0]!.ok;
    return locked ? (await fold(client)).folded : 0;
  } finally {
    if (locked) await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    client.release();
  }
}
