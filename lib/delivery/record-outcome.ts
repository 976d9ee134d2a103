import type pg from "pg";
import { inTransaction, pool } from "@/lib/db";
import { batchIdFor } from "@/lib/delivery/batch-id";
import { countMinute } from "@/lib/delivery/minute-counts";
import { BREAKER, probeDelayMs, retryDelayMs, throttleDelayMs } from "@/lib/delivery/retry-schedule";
import type { SendOutcome } from "@/lib/delivery/send-outcome";
import type { EndpointConfig, OutboundBatch } from "@/lib/delivery/sender";

// What happens after one request, in one transaction with the attempt's record, so a crash leaves
// either the old state (the batch is resent under the same webhook-id) or the new one:
//   delivered   → the batch's messages leave the outbox; the endpoint's failure streak ends.
//   throttled   → the endpoint slows down (Retry-After honoured); no attempt is spent.
//   gone (410)  → the endpoint pauses with the receiver's reason; the batch waits.
//   failed / timeout / unreachable → one attempt spent, retried on the schedule, dead after the last;
//     a batch the receiver answered with a refusal is first split by person (while the endpoint is
//     otherwise healthy) so one person's bad message holds back only that person.
//   Failures in a row open the circuit breaker: the endpoint holds everything and is probed.

/** Stop splitting once this many requests in a row failed: the endpoint is failing, not one message. */
const SPLIT_WHILE_FAILURES_BELOW = 3;

/** A delivered request ends the endpoint's failure streak and closes its circuit breaker. */
const END_FAILURE_STREAK = `UPDATE delivery_endpoints
   SET consecutive_failures = 0, failing_since = NULL, next_probe_at = NULL,
       state = CASE WHEN state = 'holding' THEN 'active' ELSE state END,
       state_reason = CASE WHEN state = 'holding' THEN NULL ELSE state_reason END,
       state_changed_at = CASE WHEN state = 'holding' THEN now() ELSE state_changed_at END
 WHERE id = $1`;

export type AttemptRecord = { startedAt: Date; durationMs: number; excerptLimit?: number };

export async function recordOutcome(batch: OutboundBatch, outcome: SendOutcome, config: EndpointConfig, attempt: AttemptRecord) {
  await inTransaction(async (client) => {
    await insertAttempt(client, batch, outcome, attempt);
    await apply(client, batch, outcome, config);
  });
}

async function insertAttempt(client: pg.PoolClient, batch: OutboundBatch, outcome: SendOutcome, attempt: AttemptRecord) {
  const status = "status" in outcome ? (outcome.status ?? null) : null;
  const error = "error" in outcome ? outcome.error : null;
  const excerpt = "excerpt" in outcome ? (outcome.excerpt ?? null) : null;
  await client.query(
    `INSERT INTO delivery_attempts (endpoint_id, batch_id, started_at, duration_ms, outcome, status, error, response_excerpt, size, probe)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      batch.endpointId,
      batch.id,
      attempt.startedAt,
      attempt.durationMs,
      outcome.kind,
      status,
      error,
      excerpt,
      batch.messages.length,
      batch.probe,
    ],
  );
}

async function apply(client: pg.PoolClient, batch: OutboundBatch, outcome: SendOutcome, config: EndpointConfig) {
  const status = "status" in outcome ? (outcome.status ?? null) : null;
  const error = "error" in outcome ? outcome.error : null;
  switch (outcome.kind) {
    case "delivered":
      await client.query(`DELETE FROM deliveries WHERE batch_id = $1 AND state = 'queued'`, [batch.id]);
      await client.query(
        `UPDATE delivery_batches SET state = 'delivered', finished_at = now(), lease_until = NULL, last_status = $2, last_error = NULL, size = $3 WHERE id = $1`,
        [batch.id, status, batch.messages.length],
      );
      await countMinute(client, batch.endpointId, "delivered", batch.messages.length);
      await client.query(END_FAILURE_STREAK, [batch.endpointId]);
      return;
    case "throttled": {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM delivery_attempts WHERE batch_id = $1 AND outcome = 'throttled' AND started_at > now() - interval '10 minutes'`,
        [batch.id],
      );
      const delay = throttleDelayMs(outcome.retryAfterMs, rows[0]?.n ?? 1);
      await client.query(
        `UPDATE delivery_batches SET lease_until = NULL, next_attempt_at = now() + make_interval(secs => $2::float8 / 1000), last_status = $3, last_error = $4 WHERE id = $1`,
        [batch.id, delay, status, error],
      );
      await client.query(`UPDATE delivery_endpoints SET slow_until = now() + make_interval(secs => $2::float8 / 1000) WHERE id = $1`, [
        batch.endpointId,
        delay,
      ]);
      return;
    }
    case "gone":
      await client.query(`UPDATE delivery_batches SET lease_until = NULL, last_status = $2, last_error = $3 WHERE id = $1`, [
        batch.id,
        status,
        error,
      ]);
      await client.query(
        `UPDATE delivery_endpoints SET state = 'paused', state_reason = $2, state_changed_at = now() WHERE id = $1 AND state <> 'paused'`,
        [
          batch.endpointId,
          "The endpoint answered 410 Gone: its owner asked us to stop sending. Events are kept; resume when it is ready again.",
        ],
      );
      return;
    default:
      return failure(client, batch, outcome, config, status, error);
  }
}

async function failure(
  client: pg.PoolClient,
  batch: OutboundBatch,
  outcome: SendOutcome,
  config: EndpointConfig,
  status: number | null,
  error: string | null,
) {
  const { rows } = await client.query<{ consecutive_failures: number; failing_since: Date; state: string }>(
    `UPDATE delivery_endpoints SET consecutive_failures = consecutive_failures + 1, failing_since = COALESCE(failing_since, now())
      WHERE id = $1 RETURNING consecutive_failures, failing_since, state`,
    [batch.endpointId],
  );
  const ep = rows[0];
  if (!ep) return;
  const streakBefore = ep.consecutive_failures - 1;
  if (ep.state === "holding") {
    // Failed probes since the breaker opened (this one included): the wait doubles with each.
    const probes = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM delivery_attempts a JOIN delivery_endpoints e ON e.id = a.endpoint_id
        WHERE a.endpoint_id = $1 AND a.probe AND a.started_at >= e.state_changed_at`,
      [batch.endpointId],
    );
    await client.query(`UPDATE delivery_endpoints SET next_probe_at = now() + make_interval(secs => $2::float8 / 1000) WHERE id = $1`, [
      batch.endpointId,
      probeDelayMs(probes.rows[0]?.n ?? 1),
    ]);
  } else if (
    ep.state === "active" &&
    ep.consecutive_failures >= BREAKER.failures &&
    Date.now() - ep.failing_since.getTime() >= BREAKER.overMs
  ) {
    await client.query(
      `UPDATE delivery_endpoints SET state = 'holding', state_reason = $2, state_changed_at = now(),
              next_probe_at = now() + make_interval(secs => $3::float8 / 1000) WHERE id = $1`,
      [
        batch.endpointId,
        `Every request failed for a while (last: ${error ?? "no answer"}). New events are held, none dropped; a test request goes out every few minutes and sending resumes by itself when the endpoint answers.`,
        probeDelayMs(0),
      ],
    );
  }
  // A probe tests the endpoint, not the batch: it spends none of the batch's attempts.
  if (batch.probe) {
    await client.query(`UPDATE delivery_batches SET lease_until = NULL, last_status = $2, last_error = $3 WHERE id = $1`, [
      batch.id,
      status,
      error,
    ]);
    return;
  }
  const people = new Set(batch.messages.map((m) => m.orderingKey));
  if (outcome.kind === "failed" && outcome.answered && people.size > 1 && streakBefore < SPLIT_WHILE_FAILURES_BELOW) {
    return split(client, batch, [...people], status, error);
  }
  const failures = batch.attempts + 1;
  const delay = retryDelayMs(config.retrySchedule, failures);
  if (delay === null) {
    await client.query(`UPDATE deliveries SET state = 'dead', dead_at = now() WHERE batch_id = $1 AND state = 'queued'`, [batch.id]);
    await client.query(
      `UPDATE delivery_batches SET state = 'dead', attempts = $2, finished_at = now(), lease_until = NULL, last_status = $3, last_error = $4 WHERE id = $1`,
      [batch.id, failures, status, error],
    );
    return;
  }
  await client.query(
    `UPDATE delivery_batches SET attempts = $2, next_attempt_at = now() + make_interval(secs => $3::float8 / 1000), lease_until = NULL, last_status = $4, last_error = $5 WHERE id = $1`,
    [batch.id, failures, delay, status, error],
  );
}

/**
 * Halves a refused batch by person (each person's messages stay together, in order); both halves
 * go again at once without spending an attempt, so a bad message is cornered in about log2(people)
 * requests while everyone else in its batch is delivered.
 */
async function split(client: pg.PoolClient, batch: OutboundBatch, people: string[], status: number | null, error: string | null) {
  const half = new Set(people.slice(0, Math.ceil(people.length / 2)));
  const parts = [batch.messages.filter((m) => half.has(m.orderingKey)), batch.messages.filter((m) => !half.has(m.orderingKey))];
  for (const part of parts) {
    const ids = part.map((m) => m.deliveryId);
    const id = batchIdFor(batch.endpointId, ids);
    await client.query(
      `INSERT INTO delivery_batches (id, endpoint_id, size, attempts, oldest_enqueued_at)
       SELECT $1, $2, $3, $4, min(enqueued_at) FROM deliveries WHERE id = ANY($5::bigint[])
       ON CONFLICT (id) DO UPDATE SET state = 'pending', next_attempt_at = now(), lease_until = NULL`,
      [id, batch.endpointId, ids.length, batch.attempts, ids],
    );
    await client.query(`UPDATE deliveries SET batch_id = $1 WHERE id = ANY($2::bigint[]) AND state = 'queued'`, [id, ids]);
  }
  await client.query(
    `UPDATE delivery_batches SET state = 'split', finished_at = now(), lease_until = NULL, last_status = $2, last_error = $3 WHERE id = $1`,
    [batch.id, status, error],
  );
}

export type DeliveredBatch = { batch: OutboundBatch; outcome: Extract<SendOutcome, { kind: "delivered" }>; attempt: AttemptRecord };

// The "delivered" branch of recordOutcome for many batches of one endpoint in one statement (its
// parts run as one transaction): attempts, outbox, batches, the minute's count and the end of the
// endpoint's failure streak. The path nearly every request of a healthy endpoint takes; one round
// trip for a whole pass instead of seven per batch.
const DELIVERED_MANY = `
WITH t AS (
  SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::text[], $7::int[], $8::boolean[])
           AS t(batch_id, started_at, duration_ms, status, excerpt, size, probe)),
attempts AS (
  INSERT INTO delivery_attempts (endpoint_id, batch_id, started_at, duration_ms, outcome, status, error, response_excerpt, size, probe)
  SELECT $1, batch_id, started_at, duration_ms, 'delivered', status, NULL, excerpt, size, probe FROM t),
gone AS (DELETE FROM deliveries WHERE batch_id = ANY($2::text[]) AND state = 'queued'),
batches AS (
  UPDATE delivery_batches b SET state = 'delivered', finished_at = now(), lease_until = NULL, last_status = t.status, last_error = NULL, size = t.size
    FROM t WHERE b.id = t.batch_id),
minute AS (
  INSERT INTO delivery_minutes (endpoint_id, minute, delivered)
  SELECT $1, date_trunc('minute', now()), n FROM (SELECT sum(size)::int AS n FROM t) s WHERE n > 0
  ON CONFLICT (endpoint_id, minute) DO UPDATE SET delivered = delivery_minutes.delivered + EXCLUDED.delivered)
${END_FAILURE_STREAK}`;

/** Records delivered outcomes of one endpoint's batches together; the same as recordOutcome for each. */
export async function recordDelivered(endpointId: string, done: DeliveredBatch[]) {
  if (!done.length) return;
  await pool().query(DELIVERED_MANY, [
    endpointId,
    done.map((d) => d.batch.id),
    done.map((d) => d.attempt.startedAt.toISOString()),
    done.map((d) => d.attempt.durationMs),
    done.map((d) => d.outcome.status ?? null),
    done.map((d) => d.outcome.excerpt ?? null),
    done.map((d) => d.batch.messages.length),
    done.map((d) => d.batch.probe),
  ]);
}
