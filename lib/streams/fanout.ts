import { pool } from "@/lib/db";
import { eventOfPopulationSql } from "@/lib/people/population";
import { countMinute } from "@/lib/delivery/minute-counts";
import { selectorSql } from "@/lib/streams/selector-sql";
import { streamSelectorSchema } from "@/lib/streams/stream-schemas";

// Events enter the ledger from the events table through a cursor that never skips a row. Each
// event carries the id of the transaction that stored it (events.ingest_xid). A transaction id
// below the oldest one still running (the snapshot's xmin) belongs to a transaction that has
// finished, so the rows with ingest_xid in [cursor, xmin) are complete and final: none can appear
// later. An id cursor would not do: ids are taken at insert and committed in any order, so a slow
// batch commits ids below ones already read. Ingest pays one column and one index for this; a
// crash between storing an event and forwarding it loses nothing, because the cursor moves in the
// same transaction as the outbox rows it writes.
//
// Test profiles' events are not forwarded: like audiences, streams carry people (lib/people/population.ts).

export const FANOUT_CURSOR = "event_streams";

/** Whose order an event keeps in a stream: its person, else its anonymous id, else itself. */
export const ORDERING_KEY_SQL = `COALESCE('p:' || e.profile_id, 'a:' || e.anonymous_id, 'e:' || e.id)`;

/** Returns how many outbox rows it wrote. Safe to run from any number of workers (the cursor row is locked). */
export async function fanOutEvents(): Promise<number> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    // The migration creates the cursor; should it be missing, restart it at the oldest stream's start
    // (nothing a stream is owed is older than that).
    await client.query(
      `INSERT INTO delivery_cursors (name, position)
       SELECT $1, COALESCE((SELECT min(start_xid) FROM event_streams), pg_snapshot_xmin(pg_current_snapshot())::text::bigint)
       ON CONFLICT (name) DO NOTHING`,
      [FANOUT_CURSOR],
    );
    const cursor = await client.query<{ position: string; upto: string }>(
      `SELECT position::text, pg_snapshot_xmin(pg_current_snapshot())::text AS upto FROM delivery_cursors WHERE name = $1 FOR UPDATE SKIP LOCKED`,
      [FANOUT_CURSOR],
    );
    const row = cursor.rows[0];
    if (!row || BigInt(row.upto) <= BigInt(row.position)) {
      await client.query("ROLLBACK");
      return 0;
    }
    const streams = await client.query<{ id: string; selector: unknown; start_xid: string }>(
      `SELECT s.id, s.selector, s.start_xid::text FROM event_streams s JOIN delivery_endpoints e ON e.id = s.id`,
    );
    let written = 0;
    for (const s of streams.rows) {
      const selector = streamSelectorSchema.safeParse(s.selector);
      if (!selector.success) continue;
      const params: unknown[] = [s.id, row.position, row.upto, s.start_xid];
      const { rowCount } = await client.query(
        `INSERT INTO deliveries (endpoint_id, ordering_key, event_id, enqueued_at)
         SELECT $1, ${ORDERING_KEY_SQL}, e.id, e.received_at
           FROM events e
          WHERE e.ingest_xid >= GREATEST($2::bigint, $4::bigint) AND e.ingest_xid < $3::bigint
            AND ${eventOfPopulationSql("e")}
            AND ${selectorSql(selector.data, params)}
          ORDER BY e.id`,
        params,
      );
      written += rowCount ?? 0;
      await countMinute(client, s.id, "enqueued", rowCount ?? 0);
    }
    await client.query(`UPDATE delivery_cursors SET position = $2, updated_at = now() WHERE name = $1`, [FANOUT_CURSOR, row.upto]);
    await client.query("COMMIT");
    return written;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
