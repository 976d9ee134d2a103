import type pg from "pg";
import { countMinute } from "@/lib/delivery/minute-counts";

// Puts rendered messages (a notification, a webhook action's request) in an endpoint's outbox.
// Call it with the client of the transaction that records the fact the message reports, so the
// fact and the message commit together: an alert opened is a notification owed, even across a crash.

export type NewDelivery = {
  /** Messages with the same key are delivered in the order they were enqueued (e.g. one alert's open → resolve). */
  orderingKey: string;
  payload: unknown;
};

export async function enqueueDeliveries(q: Pick<pg.PoolClient, "query">, endpointId: string, messages: NewDelivery[]): Promise<string[]> {
  if (!messages.length) return [];
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO deliveries (endpoint_id, ordering_key, payload)
     SELECT $1, m.ordering_key, m.payload FROM ROWS FROM (json_to_recordset($2::json) AS (ordering_key text, payload jsonb)) WITH ORDINALITY AS m(ordering_key, payload, n)
      ORDER BY m.n
     RETURNING id::text`,
    [endpointId, JSON.stringify(messages.map((m) => ({ ordering_key: m.orderingKey, payload: m.payload })))],
  );
  await countMinute(q, endpointId, "enqueued", rows.length);
  return rows.map((r) => r.id);
}
