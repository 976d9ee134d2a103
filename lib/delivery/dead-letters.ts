import { inTransaction, pool, rollback } from "@/lib/db";
import { decodeCursor, pageOfRows, type PageQuery } from "@/lib/api/paging";

// Messages the ledger gave up on after their last retry. They stay until a person replays them
// (one, some or all); a replay puts them back in the outbox. A dead batch replayed whole is revived
// under its own webhook-id, so a receiver that did get it (its answer lost) recognises it; a part of
// a batch goes in a new batch whose id is derived from its messages.

export type DeadLetter = {
  deliveryId: string;
  eventId: string | null;
  eventName: string | null;
  occurredAt: Date | null;
  person: string;
  deadAt: Date;
  batchId: string | null;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  replays: number;
};

export async function listDeadLetters(endpointId: string, page: PageQuery) {
  const before = page.cursor ? decodeCursor(page.cursor, 1)[0]! : null;
  const { rows } = await pool().query<DeadLetter>(
    `SELECT d.id::text AS "deliveryId", d.event_id::text AS "eventId", ev.name AS "eventName", ev.occurred_at AS "occurredAt",
            d.ordering_key AS person, d.dead_at AS "deadAt", d.batch_id AS "batchId", COALESCE(b.attempts, 0) AS attempts,
            b.last_status AS "lastStatus", b.last_error AS "lastError", d.replays
       FROM deliveries d
       LEFT JOIN delivery_batches b ON b.id = d.batch_id
       LEFT JOIN events ev ON ev.id = d.event_id
      WHERE d.endpoint_id = $1 AND d.state = 'dead' AND ($2::bigint IS NULL OR d.id < $2::bigint)
      ORDER BY d.id DESC LIMIT $3`,
    [endpointId, before && /^\d+$/.test(before) ? before : null, page.limit + 1],
  );
  const { items, nextCursor } = pageOfRows(rows, page.limit, (r) => [r.deliveryId]);
  return { deadLetters: items, nextCursor };
}

/** Puts dead messages back in the outbox: all of them, or the ones named. Returns how many. */
export async function replayDeadLetters(endpointId: string, which: "all" | { deliveryIds: string[] }): Promise<{ replayed: number }> {
  const ids = which === "all" ? null : which.deliveryIds.filter((id) => /^\d{1,19}$/.test(id));
  if (ids && !ids.length) return { replayed: 0 };
  return inTransaction(async (client) => {
    const { rows } = await client.query<{ id: string; batch_id: string | null }>(
      `SELECT id::text, batch_id FROM deliveries WHERE endpoint_id = $1 AND state = 'dead' AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[])) FOR UPDATE`,
      [endpointId, ids],
    );
    if (!rows.length) return rollback({ replayed: 0 });
    // Whole dead batches come back as themselves (same webhook-id); the rest are batched anew.
    const { rows: whole } = await client.query<{ batch_id: string }>(
      `SELECT b.id AS batch_id FROM delivery_batches b
        WHERE b.id = ANY($1::text[]) AND b.state = 'dead'
          AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.batch_id = b.id AND d.state = 'dead' AND NOT (d.id = ANY($2::bigint[])))`,
      [[...new Set(rows.flatMap((r) => (r.batch_id ? [r.batch_id] : [])))], rows.map((r) => r.id)],
    );
    const revived = whole.map((w) => w.batch_id);
    await client.query(
      `UPDATE delivery_batches SET state = 'pending', attempts = 0, next_attempt_at = now(), lease_until = NULL, finished_at = NULL WHERE id = ANY($1::text[])`,
      [revived],
    );
    await client.query(
      `UPDATE deliveries SET state = 'queued', dead_at = NULL, replays = replays + 1,
              batch_id = CASE WHEN batch_id = ANY($2::text[]) THEN batch_id ELSE NULL END
        WHERE id = ANY($1::bigint[])`,
      [rows.map((r) => r.id), revived],
    );
    return { replayed: rows.length };
  });
}
