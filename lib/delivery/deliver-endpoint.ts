import { pool } from "@/lib/db";
import { formBatches } from "@/lib/delivery/form-batches";
import { recordOutcome } from "@/lib/delivery/record-outcome";
import type { SendOutcome } from "@/lib/delivery/send-outcome";
import type { DeliverySender, EndpointConfig, OutboundBatch, OutboundMessage } from "@/lib/delivery/sender";
import { logger } from "@/lib/logger";

// One pass over one endpoint: form batches, lease the ones due, send them (up to the endpoint's
// concurrency at once), record each outcome. Any number of workers may run passes over the same
// endpoint: leases (`FOR UPDATE SKIP LOCKED`) give each batch to one of them, and a worker that dies
// mid-request leaves its lease to expire, after which the batch is resent under the same webhook-id.

/** How long a claimed batch stays a worker's: its request timeout plus time to record the outcome. */
const leaseSeconds = (config: EndpointConfig) => Math.ceil(config.timeoutMs / 1000) + 10;

const CLAIM = `
WITH due AS (
  SELECT id FROM delivery_batches
   WHERE endpoint_id = $1 AND state = 'pending'
     AND ($3::boolean OR next_attempt_at <= now())
     AND (lease_until IS NULL OR lease_until < now())
   ORDER BY CASE WHEN $3::boolean THEN created_at END, next_attempt_at, created_at
   LIMIT $2
   FOR UPDATE SKIP LOCKED)
UPDATE delivery_batches b SET lease_until = now() + make_interval(secs => $4)
  FROM due WHERE b.id = due.id
RETURNING b.id, b.attempts`;

/**
 * While an active endpoint already has this many batches per request slot waiting to go, the pass
 * sends instead of forming more. Forming far ahead puts most people in flight, and then each formation
 * scans past every blocked person's messages: with 396 batches waiting (1M-event bench) one formation
 * query took 1.5-3 s and forwarding fell from 2,200 to 330 events/s. Order and leases are unchanged;
 * messages are only batched when there is room to send them. Only batches due now count: ones waiting
 * for a retry never hold back anyone else's messages.
 */
const FORM_AHEAD = 2;

const SENDABLE = `SELECT count(*)::int AS n FROM delivery_batches
 WHERE endpoint_id = $1 AND state = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())`;

async function sendableBatches(endpointId: string): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(SENDABLE, [endpointId]);
  return rows[0]?.n ?? 0;
}

type EndpointRow = { state: string; next_probe_at: Date | null; slow_until: Date | null };

/** Returns how many messages it sent (delivered or not), so the loop knows whether to come back at once. */
export async function deliverEndpoint(endpointId: string, sender: DeliverySender, config: EndpointConfig): Promise<number> {
  const { rows } = await pool().query<EndpointRow>(`SELECT state, next_probe_at, slow_until FROM delivery_endpoints WHERE id = $1`, [
    endpointId,
  ]);
  const ep = rows[0];
  if (!ep || ep.state === "paused") return 0;
  const now = Date.now();
  // Messages keep being batched while the endpoint is held or slowed: nothing waits unbatched for its batch-mates.
  const slowed = !!ep.slow_until && ep.slow_until.getTime() > now;
  if (ep.state !== "active" || slowed || (await sendableBatches(endpointId)) < FORM_AHEAD * config.concurrency) {
    await formBatches(endpointId, config);
  }
  if (slowed) return 0;
  const probe = ep.state === "holding";
  if (probe && ep.next_probe_at && ep.next_probe_at.getTime() > now) return 0;
  const claimed = await pool().query<{ id: string; attempts: number }>(CLAIM, [
    endpointId,
    probe ? 1 : config.concurrency,
    probe,
    leaseSeconds(config),
  ]);
  const sent = await Promise.all(claimed.rows.map((b) => sendOne(endpointId, b, probe, sender, config)));
  return sent.reduce((a, b) => a + b, 0);
}

async function sendOne(
  endpointId: string,
  claimed: { id: string; attempts: number },
  probe: boolean,
  sender: DeliverySender,
  config: EndpointConfig,
) {
  const { rows } = await pool().query<OutboundMessage>(
    `SELECT id::text AS "deliveryId", ordering_key AS "orderingKey", event_id::text AS "eventId", payload
       FROM deliveries WHERE batch_id = $1 AND state = 'queued' ORDER BY id`,
    [claimed.id],
  );
  const batch: OutboundBatch = { id: claimed.id, endpointId, messages: rows, attempts: claimed.attempts, probe };
  const startedAt = new Date();
  let outcome: SendOutcome;
  if (!rows.length) outcome = { kind: "delivered" };
  else {
    try {
      outcome = await sender.send(batch, config);
    } catch (e) {
      // A sender bug must not lose the batch or kill the worker: it is retried like any failure.
      logger.error({ err: e, endpointId, batchId: batch.id }, "delivery sender threw");
      outcome = { kind: "failed", error: "Downstream could not send this batch (an internal error; it will be retried).", answered: false };
    }
  }
  await recordOutcome(batch, outcome, config, { startedAt, durationMs: Date.now() - startedAt.getTime() });
  return rows.length;
}
