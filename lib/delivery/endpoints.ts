import type pg from "pg";
import { pool } from "@/lib/db";
import { AppError } from "@/lib/errors";

// A ledger endpoint's life: created with its owner (in the owner's transaction), paused and resumed
// by a person, deleted with its owner (its outbox, batches and attempts go with it).

type Q = Pick<pg.Pool | pg.PoolClient, "query">;

export async function ensureEndpoint(q: Q, id: string, kind: string) {
  await q.query(`INSERT INTO delivery_endpoints (id, kind) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [id, kind]);
}

export async function deleteEndpoint(q: Q, id: string) {
  await q.query(`DELETE FROM delivery_endpoints WHERE id = $1`, [id]);
}

/** Stops sending; new messages are still recorded and wait (held) until resumed. */
export async function pauseEndpoint(id: string, reason: string) {
  const { rowCount } = await pool().query(
    `UPDATE delivery_endpoints SET state = 'paused', state_reason = $2, state_changed_at = now() WHERE id = $1`,
    [id, reason],
  );
  if (!rowCount) throw new AppError("not_found", "No such endpoint.");
}

/**
 * Sends again from where it stopped, oldest first. Resuming also closes the circuit breaker and
 * forgets a throttle: a person resuming has said the endpoint is ready.
 */
export async function resumeEndpoint(id: string) {
  const { rowCount } = await pool().query(
    `UPDATE delivery_endpoints
        SET state = 'active', state_reason = NULL, state_changed_at = now(), consecutive_failures = 0,
            failing_since = NULL, next_probe_at = NULL, slow_until = NULL
      WHERE id = $1`,
    [id],
  );
  if (!rowCount) throw new AppError("not_found", "No such endpoint.");
  // Batches waiting for a retry go now rather than at their scheduled time.
  await pool().query(`UPDATE delivery_batches SET next_attempt_at = now() WHERE endpoint_id = $1 AND state = 'pending'`, [id]);
}
