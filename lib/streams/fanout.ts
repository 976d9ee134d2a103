import { eventOfPopulationSql } from "@/lib/people/population";
import { countMinute } from "@/lib/delivery/minute-counts";
import { advanceXidCursor } from "@/lib/delivery/xid-cursor";
import { selectorSql } from "@/lib/streams/selector-sql";
import { streamSelectorSchema } from "@/lib/streams/stream-schemas";

// Events enter the ledger from the events table through a cursor that never skips a row: each
// event carries the id of the transaction that stored it (events.ingest_xid), and
// lib/delivery/xid-cursor.ts moves over the finished ones in the same transaction as the outbox
// rows written for them, so a crash between storing an event and forwarding it loses nothing.
// Ingest pays one column and one index for this.
//
// Test profiles' events are not forwarded: like audiences, streams carry people (lib/people/population.ts).

export const FANOUT_CURSOR = "event_streams";

/** Whose order an event keeps in a stream: its person, else its anonymous id, else itself. */
export const ORDERING_KEY_SQL = `COALESCE('p:' || e.profile_id, 'a:' || e.anonymous_id, 'e:' || e.id)`;

/** Returns how many outbox rows it wrote. Safe to run from any number of workers (the cursor row is locked). */
export async function fanOutEvents(): Promise<number> {
  // Should the migration's cursor be missing, it restarts at the oldest stream's start (nothing a
  // stream is owed is older than that).
  return advanceXidCursor(FANOUT_CURSOR, "(SELECT min(start_xid) FROM event_streams)", async (client, from, upto) => {
    const streams = await client.query<{ id: string; selector: unknown; start_xid: string }>(
      `SELECT s.id, s.selector, s.start_xid::text FROM event_streams s JOIN delivery_endpoints e ON e.id = s.id`,
    );
    let written = 0;
    for (const s of streams.rows) {
      const selector = streamSelectorSchema.safeParse(s.selector);
      if (!selector.success) continue;
      const params: unknown[] = [s.id, from, upto, s.start_xid];
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
    return written;
  });
}
