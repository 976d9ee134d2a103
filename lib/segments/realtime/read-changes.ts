import type pg from "pg";
import type { People, RealtimeChanges } from "@/lib/segments/realtime/realtime-plan";

// What the events table received between two transaction ids (events.ingest_xid, the same
// cursor as the stream fan-out: lib/streams/fanout.ts explains why an id cursor would skip
// rows). Ingest does nothing extra for this: the column and its index exist for the streams,
// and reading a few seconds of events by that index is cheap.

/** Past this many events in one pass (a bulk load), listing people costs more than refreshing in full. */
export const MAX_LISTED_EVENTS = 50_000;

// Messages that can change anything about a person: their traits and identifiers, or (alias,
// identify with an anonymous id) the events their anonymous id had before it was linked.
const WHOLESALE_TYPES = ["identify", "alias"];

export async function readChanges(
  db: Pick<pg.PoolClient, "query">,
  range: { from: string; upto: string },
  maxListed = MAX_LISTED_EVENTS,
): Promise<{ events: number; changes: RealtimeChanges }> {
  const args = [range.from, range.upto];
  const inRange = `ingest_xid >= $1::bigint AND ingest_xid < $2::bigint AND profile_id IS NOT NULL`;
  const counted = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM events WHERE ${inRange} LIMIT $3) x`, [
    ...args,
    maxListed + 1,
  ]);
  const events = counted.rows[0]!.n;
  const byName = new Map<string, People>();
  let wholesale: People = new Set();
  let anyEvent: People = new Set();
  if (events > maxListed) {
    const { rows } = await db.query<{ name: string; wholesale: boolean }>(
      `SELECT name, bool_or(type = ANY($3)) AS wholesale FROM events WHERE ${inRange} GROUP BY name`,
      [...args, WHOLESALE_TYPES],
    );
    for (const r of rows) byName.set(r.name, "everyone");
    if (rows.some((r) => r.wholesale)) wholesale = "everyone";
    anyEvent = "everyone";
    return { events, changes: { byName, wholesale, anyEvent } };
  }
  const { rows } = await db.query<{ name: string; wholesale: boolean; people: string[] }>(
    `SELECT name, type = ANY($3) AS wholesale, array_agg(DISTINCT profile_id::text) AS people FROM events WHERE ${inRange} GROUP BY 1, 2`,
    [...args, WHOLESALE_TYPES],
  );
  for (const r of rows) {
    const set = (byName.get(r.name) as Set<string> | undefined) ?? new Set<string>();
    for (const id of r.people) {
      set.add(id);
      anyEvent.add(id);
      if (r.wholesale) wholesale.add(id);
    }
    byName.set(r.name, set);
  }
  return { events, changes: { byName, wholesale, anyEvent } };
}
