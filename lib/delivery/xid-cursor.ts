import type pg from "pg";
import { inTransaction, rollback } from "@/lib/db";

// A cursor over rows stamped with the id of the transaction that stored them (events.ingest_xid,
// segment_transitions.xid) that never skips a row. A transaction id below the oldest one still
// running (the snapshot's xmin) belongs to a transaction that has finished, so the rows stamped in
// [cursor, xmin) are complete and final: none can appear later. An id cursor would not do: ids are
// taken at insert and committed in any order, so a slow batch commits ids below ones already read.
// The cursor moves in the same transaction as the rows the work writes, so a crash between storing
// a fact and acting on it loses nothing; the cursor row is locked (SKIP LOCKED), so any number of
// workers may call this and only one moves a given cursor at a time.

/** What runs over the finished range [from, upto), inside the transaction that moves the cursor; returns rows written. */
export type XidRangeWork = (client: pg.PoolClient, from: string, upto: string) => Promise<number>;

/**
 * Runs `work` over the rows stored since the cursor `name` last moved, then moves it. `startSql`
 * is where a missing cursor starts (SQL yielding an xid, or NULL for "now"): the migrations create
 * the cursors, and nothing owed is older than the oldest consumer's start. Returns what `work`
 * returned, or 0 when another worker holds the cursor or no transaction finished since.
 */
export async function advanceXidCursor(name: string, startSql: string, work: XidRangeWork): Promise<number> {
  return inTransaction(async (client) => {
    await client.query(
      `INSERT INTO delivery_cursors (name, position)
       SELECT $1, COALESCE(${startSql}, pg_snapshot_xmin(pg_current_snapshot())::text::bigint)
       ON CONFLICT (name) DO NOTHING`,
      [name],
    );
    const cursor = await client.query<{ position: string; upto: string }>(
      `SELECT position::text, pg_snapshot_xmin(pg_current_snapshot())::text AS upto FROM delivery_cursors WHERE name = $1 FOR UPDATE SKIP LOCKED`,
      [name],
    );
    const row = cursor.rows[0];
    if (!row || BigInt(row.upto) <= BigInt(row.position)) return rollback(0);
    const written = await work(client, row.position, row.upto);
    await client.query(`UPDATE delivery_cursors SET position = $2, updated_at = now() WHERE name = $1`, [name, row.upto]);
    return written;
  });
}
