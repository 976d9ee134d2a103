import type pg from "pg";

// An action's rate limit ("at most N requests per second"), shared by every worker: a token
// bucket row per action (webhook_action_rate_buckets) holding up to N tokens, refilled at N per
// second by the time elapsed, taken from with one atomic statement per request. Concurrent
// workers serialize on the row for the length of one UPDATE, so together they never exceed N per
// second (plus the first second's burst of N).

export type RateToken = { ok: true } | { ok: false; retryAfterMs: number };

const TAKE = `
INSERT INTO webhook_action_rate_buckets AS b (action_id, tokens, refilled_at)
VALUES ($1, $2::float8 - 1, clock_timestamp())
ON CONFLICT (action_id) DO UPDATE
   SET tokens = LEAST($2::float8, b.tokens + extract(epoch FROM clock_timestamp()::timestamp(3) - b.refilled_at)::float8 * $2::float8) - 1,
       refilled_at = clock_timestamp()
 WHERE LEAST($2::float8, b.tokens + extract(epoch FROM clock_timestamp()::timestamp(3) - b.refilled_at)::float8 * $2::float8) >= 1
RETURNING tokens`;

const LEFT = `SELECT LEAST($2::float8, tokens + extract(epoch FROM clock_timestamp()::timestamp(3) - refilled_at)::float8 * $2::float8) AS tokens
  FROM webhook_action_rate_buckets WHERE action_id = $1`;

/** Takes one request's token from the action's bucket, or says how long until one is there. */
export async function takeRateToken(q: Pick<pg.Pool, "query">, actionId: string, perSecond: number): Promise<RateToken> {
  const taken = await q.query(TAKE, [actionId, perSecond]);
  if (taken.rowCount) return { ok: true };
  const { rows } = await q.query<{ tokens: number }>(LEFT, [actionId, perSecond]);
  const missing = Math.max(0, 1 - Number(rows[0]?.tokens ?? 0));
  return { ok: false, retryAfterMs: Math.max(1, Math.ceil((missing / perSecond) * 1000)) };
}
