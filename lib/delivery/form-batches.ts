import type pg from "pg";
import { inTransaction, rollback } from "@/lib/db";
import { batchIdFor } from "@/lib/delivery/batch-id";
import type { EndpointConfig } from "@/lib/delivery/sender";

// Groups an endpoint's waiting messages into batches (requests), oldest first, keeping per-person
// order without blocking anyone else: a message joins a batch only if no earlier message of the
// same person is still owed in another batch (the "barrier"; RudderStack's, not Customer.io's
// head-of-line block). A person therefore has at most one batch in flight, so batches can be sent
// in parallel and still arrive in order per person. Formation is serialized per endpoint (the
// endpoint row lock) so two workers never split one person's messages between them.

// The barrier is a per-row subquery on purpose, not NOT EXISTS: Postgres turns NOT EXISTS into an anti
// join, and with stale statistics (a fresh outbox filled in one fan-out, before autovacuum has analyzed
// it) it chose to rescan every in-flight row for each candidate (2.9 s per call at 4,000 in flight).
// As a subquery the person's key and id are always index conditions: one index probe per candidate.
const CANDIDATES = `
SELECT d.id::text AS id, d.ordering_key, d.enqueued_at
  FROM deliveries d
 WHERE d.endpoint_id = $1 AND d.state = 'queued' AND d.batch_id IS NULL
   AND (SELECT 1 FROM deliveries p
         WHERE p.endpoint_id = $1 AND p.state = 'queued' AND p.batch_id IS NOT NULL
           AND p.ordering_key = d.ordering_key AND p.id < d.id
         LIMIT 1) IS NULL
 ORDER BY d.id
 LIMIT $2`;

/** At most this many batches per call, so the formation transaction stays short. */
const MAX_BATCHES_PER_CALL = 8;

/**
 * One-message batches (webhook actions) are formed this many at a time in three statements: one
 * request each costs Postgres nothing per batch beyond its rows, where the loop above spends three
 * round trips per batch (37 requests/s on a loaded machine, most of it Postgres waiting for the next one).
 */
const SINGLES_PER_CALL = 128;

type Candidate = { id: string; ordering_key: string; enqueued_at: Date };

/**
 * Forms full batches, and a partial one when its oldest message has waited `maxWaitMs`. Returns
 * how many batches were formed.
 */
export async function formBatches(
  endpointId: string,
  config: Pick<EndpointConfig, "batchSize" | "maxWaitMs">,
  now = new Date(),
): Promise<number> {
  return inTransaction(async (client) => {
    const locked = await client.query(`SELECT 1 FROM delivery_endpoints WHERE id = $1 FOR UPDATE SKIP LOCKED`, [endpointId]);
    // Another worker is forming this endpoint's batches right now: its batches will be sent.
    if (!locked.rowCount) return rollback(0);
    if (config.batchSize === 1) return formSingles(client, endpointId);
    let formed = 0;
    for (; formed < MAX_BATCHES_PER_CALL; formed++) {
      const { rows } = await client.query<Candidate>(CANDIDATES, [endpointId, config.batchSize]);
      if (!rows.length) break;
      const oldest = rows[0]!.enqueued_at;
      if (rows.length < config.batchSize && now.getTime() - oldest.getTime() < config.maxWaitMs) break;
      const ids = rows.map((r) => r.id);
      const batchId = batchIdFor(endpointId, ids);
      await client.query(
        `INSERT INTO delivery_batches (id, endpoint_id, size, oldest_enqueued_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET state = 'pending', next_attempt_at = now(), lease_until = NULL`,
        [batchId, endpointId, ids.length, oldest],
      );
      await client.query(`UPDATE deliveries SET batch_id = $1 WHERE id = ANY($2::bigint[])`, [batchId, ids]);
      if (rows.length < config.batchSize) {
        formed++;
        break;
      }
    }
    return formed;
  });
}

/**
 * Batch size 1: every candidate is a batch of its own, so one candidates query serves them all. The
 * candidates were read before any of them was batched, so the barrier between them is applied here:
 * only each person's oldest candidate goes (the loop above gets the same from the query, which sees
 * the batch it just formed). Ids stay content-derived: batchIdFor(endpoint, [message]).
 */
async function formSingles(client: pg.PoolClient, endpointId: string): Promise<number> {
  const { rows } = await client.query<Candidate>(CANDIDATES, [endpointId, SINGLES_PER_CALL]);
  const people = new Set<string>();
  const ids: string[] = [];
  for (const r of rows) {
    if (people.has(r.ordering_key)) continue;
    people.add(r.ordering_key);
    ids.push(r.id);
  }
  if (!ids.length) return 0;
  const batchIds = ids.map((id) => batchIdFor(endpointId, [id]));
  await client.query(
    `INSERT INTO delivery_batches (id, endpoint_id, size, oldest_enqueued_at)
     SELECT t.batch_id, $1, 1, d.enqueued_at FROM unnest($2::bigint[], $3::text[]) AS t(id, batch_id) JOIN deliveries d ON d.id = t.id
     ON CONFLICT (id) DO UPDATE SET state = 'pending', next_attempt_at = now(), lease_until = NULL`,
    [endpointId, ids, batchIds],
  );
  await client.query(
    `UPDATE deliveries d SET batch_id = t.batch_id FROM unnest($1::bigint[], $2::text[]) AS t(id, batch_id) WHERE d.id = t.id`,
    [ids, batchIds],
  );
  return ids.length;
}
