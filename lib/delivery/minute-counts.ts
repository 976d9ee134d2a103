import type pg from "pg";

// Per-minute counts of messages in and out (delivery_minutes), written in the same transaction as
// the change they count, so the chart and the figures agree with the outbox.

export async function countMinute(q: Pick<pg.PoolClient, "query">, endpointId: string, column: "enqueued" | "delivered", n: number) {
  if (n <= 0) return;
  await q.query(
    `INSERT INTO delivery_minutes (endpoint_id, minute, ${column}) VALUES ($1, date_trunc('minute', now()), $2)
     ON CONFLICT (endpoint_id, minute) DO UPDATE SET ${column} = delivery_minutes.${column} + EXCLUDED.${column}`,
    [endpointId, n],
  );
}
