import { pool } from "@/lib/db";
import { formBatches } from "@/lib/delivery/form-batches";
import { recordDelivered, recordOutcome, type AttemptRecord, type DeliveredBatch } from "@/lib/delivery/record-outcome";
import type { SendOutcome } from "@/lib/delivery/send-outcome";
import type { DeliverySender, EndpointConfig, OutboundBatch, OutboundMessage } from "@/lib/delivery/sender";
import { logger } from "@/lib/logger";

// One pass over one endpoint: form batches, lease the ones due, send them (up to the endpoint's
// concurrency at once), record each outcome. Any number of workers may run passes over the same
// endpoint: leases (`FOR UPDATE SKIP LOCKED`) give each batch to one of them, and a worker that dies
// mid-request leaves its lease to expire, after which the batch is resent under the same webhook-id.

/** How long a claimed batch stays a worker's: its request timeout plus time to record the outcome. */
const leaseSeconds = (config: EndpointConfig) => Math.ceil(config.timeoutMs / 1000) + 10;

// Claims the due batches and loads their messages in one statement (one round trip per pass, not one
// per batch). A batch with no message rows here is read again by itself (see claimMessages).
const CLAIM = `
WITH due AS (
  SELECT id FROM delivery_batches
   WHERE endpoint_id = $1 AND state = 'pending'
     AND ($3::boolean OR next_attempt_at <= now())
     AND (lease_until IS NULL OR lease_until < now())
   ORDER BY CASE WHEN $3::boolean THEN created_at END, next_attempt_at, created_at
   LIMIT $2
   FOR UPDATE SKIP LOCKED),
claimed AS (
  UPDATE delivery_batches b SET lease_until = now() + make_interval(secs => $4)
    FROM due WHERE b.id = due.id
  RETURNING b.id, b.attempts)
SELECT c.id, c.attempts, d.id::text AS "deliveryId", d.ordering_key AS "orderingKey", d.event_id::text AS "eventId", d.payload
  FROM claimed c LEFT JOIN deliveries d ON d.batch_id = c.id AND d.state = 'queued'
 ORDER BY c.id, d.id`;

const MESSAGES = `SELECT batch_id AS "batchId", id::text AS "deliveryId", ordering_key AS "orderingKey", event_id::text AS "eventId", payload
  FROM deliveries WHERE batch_id = ANY($1::text[]) AND state = 'queued' ORDER BY id`;

type ClaimRow = { id: string; attempts: number; deliveryId: string | null; orderingKey: string; eventId: string | null; payload: unknown };
type Claimed = { id: string; attempts: number; messages: OutboundMessage[] };

/**
 * Leases up to `limit` due batches with their messages. The join reads the statement's snapshot,
 * while a batch can be locked as it is revived (a replay or a re-formation sets it pending and points
 * its messages at it in one transaction) and claimed after that commits, with its messages then
 * invisible to the join. So a batch that came back empty is read again by a fresh statement, as a
 * separate SELECT always did: it is only "delivered empty" when it really has nothing left to send.
 */
async function claimMessages(endpointId: string, limit: number, probe: boolean, config: EndpointConfig): Promise<Claimed[]> {
  const { rows } = await pool().query<ClaimRow>(CLAIM, [endpointId, limit, probe, leaseSeconds(config)]);
  const claimed = new Map<string, Claimed>();
  for (const r of rows) {
    let c = claimed.get(r.id);
    if (!c) claimed.set(r.id, (c = { id: r.id, attempts: r.attempts, messages: [] }));
    if (r.deliveryId !== null)
      c.messages.push({ deliveryId: r.deliveryId, orderingKey: r.orderingKey, eventId: r.eventId, payload: r.payload });
  }
  const empty = [...claimed.values()].filter((c) => !c.messages.length);
  if (empty.length) {
    const again = await pool().query<OutboundMessage & { batchId: string }>(MESSAGES, [empty.map((c) => c.id)]);
    for (const { batchId, ...m } of again.rows) claimed.get(batchId)!.messages.push(m);
  }
  return [...claimed.values()];
}

/**
 * While an active endpoint already has this many batches per request slot waiting to go, the pass
 * sends instead of forming more. Forming far ahead puts most people in flight, and then each formation
 * scans past every blocked person's messages: with 396 batches waiting (1M-event bench) one formation
 * query took 1.5-3 s and forwarding fell from 2,200 to 330 events/s. Order and leases are unchanged;
 * messages are only batched when there is room to send them. Only batches due now count: ones waiting
 * for a retry never hold back anyone else's messages.
 */
const FORM_AHEAD = 2;

// The endpoint's row with how many batches are due and unleased (see FORM_AHEAD), in one round trip.
const ENDPOINT = `SELECT state, next_probe_at, slow_until,
  (SELECT count(*)::int FROM delivery_batches
    WHERE endpoint_id = $1 AND state = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())) AS sendable
  FROM delivery_endpoints WHERE id = $1`;

type EndpointRow = { state: string; next_probe_at: Date | null; slow_until: Date | null; sendable: number };

/** Returns how many messages it sent (delivered or not), so the loop knows whether to come back at once. */
export async function deliverEndpoint(endpointId: string, sender: DeliverySender, config: EndpointConfig): Promise<number> {
  const { rows } = await pool().query<EndpointRow>(ENDPOINT, [endpointId]);
  const ep = rows[0];
  if (!ep || ep.state === "paused") return 0;
  const now = Date.now();
  // Messages keep being batched while the endpoint is held or slowed: nothing waits unbatched for its batch-mates.
  const slowed = !!ep.slow_until && ep.slow_until.getTime() > now;
  if (ep.state !== "active" || slowed || ep.sendable < FORM_AHEAD * config.concurrency) {
    await formBatches(endpointId, config);
  }
  if (slowed) return 0;
  const probe = ep.state === "holding";
  if (probe && ep.next_probe_at && ep.next_probe_at.getTime() > now) return 0;
  const claimed = await claimMessages(endpointId, probe ? 1 : config.concurrency, probe, config);
  const sent = await Promise.all(claimed.map((b) => sendOne(endpointId, b, probe, sender, config)));
  // Delivered batches are recorded together (one statement); every other outcome as before, one by one.
  await Promise.all([
    recordDelivered(
      endpointId,
      sent.filter((s): s is DeliveredBatch => s.outcome.kind === "delivered"),
    ),
    ...sent.filter((s) => s.outcome.kind !== "delivered").map((s) => recordOutcome(s.batch, s.outcome, config, s.attempt)),
  ]);
  return sent.reduce((a, s) => a + s.batch.messages.length, 0);
}

type Sent = { batch: OutboundBatch; outcome: SendOutcome; attempt: AttemptRecord };

async function sendOne(
  endpointId: string,
  claimed: Claimed,
  probe: boolean,
  sender: DeliverySender,
  config: EndpointConfig,
): Promise<Sent> {
  const batch: OutboundBatch = { id: claimed.id, endpointId, messages: claimed.messages, attempts: claimed.attempts, probe };
  const startedAt = new Date();
  let outcome: SendOutcome;
  if (!batch.messages.length) outcome = { kind: "delivered" };
  else {
    try {
      outcome = await sender.send(batch, config);
    } catch (e) {
      // A sender bug must not lose the batch or kill the worker: it is retried like any failure.
      logger.error({ err: e, endpointId, batchId: batch.id }, "delivery sender threw");
      outcome = { kind: "failed", error: "Downstream could not send this batch (an internal error; it will be retried).", answered: false };
    }
  }
  return { batch, outcome, attempt: { startedAt, durationMs: Date.now() - startedAt.getTime() } };
}
