import { inTransaction, pool } from "@/lib/db";

// Lockout against password guessing. Every password check is a row in sign_in_attempts, so the
// limit holds across all web processes and restarts. Two limits over a sliding window:
//   - per account: MAX_FAILURES_PER_EMAIL failed checks in WINDOW since the last success lock
//     that email (even for the right password) until the oldest of them leaves the window;
//   - per client address: MAX_FAILURES_PER_IP failed checks against any emails, which stops one
//     client spraying many accounts.
// Refused (locked) attempts are not checked and not counted, so a lock always ends on time. The
// attempt is recorded as failed before the password is checked, under an advisory lock per email
// and per address, so parallel guesses cannot slip past the count; a success flips it afterwards.
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;

export type AttemptGate = { allowed: true; attemptId: string; failuresLeft: number } | { allowed: false; retryAfterSeconds: number };

export async function beginSignInAttempt(email: string, clientIp: string | null, now = new Date()): Promise<AttemptGate> {
  return inTransaction(async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('sign-in:email:' || $1))", [email]);
    if (clientIp) await client.query("SELECT pg_advisory_xact_lock(hashtext('sign-in:ip:' || $1))", [clientIp]);
    const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
    // Failures for this email after its last success, newest first; the Nth newest decides.
    const byEmail = await client.query<{ created_at: Date }>(
      `SELECT created_at FROM sign_in_attempts
        WHERE email = $1 AND NOT succeeded AND created_at > $2
          AND created_at > COALESCE((SELECT max(created_at) FROM sign_in_attempts WHERE email = $1 AND succeeded), '-infinity')
        ORDER BY created_at DESC LIMIT $3`,
      [email, since, MAX_FAILURES_PER_EMAIL],
    );
    const byIp = clientIp
      ? await client.query<{ created_at: Date }>(
          `SELECT created_at FROM sign_in_attempts WHERE client_ip = $1 AND NOT succeeded AND created_at > $2 ORDER BY created_at DESC LIMIT $3`,
          [clientIp, since, MAX_FAILURES_PER_IP],
        )
      : { rows: [] };
    const unlockAt = Math.max(
      byEmail.rows.length >= MAX_FAILURES_PER_EMAIL ? byEmail.rows.at(-1)!.created_at.getTime() + SIGN_IN_WINDOW_MS : 0,
      byIp.rows.length >= MAX_FAILURES_PER_IP ? byIp.rows.at(-1)!.created_at.getTime() + SIGN_IN_WINDOW_MS : 0,
    );
    if (unlockAt > now.getTime()) {
      return { allowed: false, retryAfterSeconds: Math.ceil((unlockAt - now.getTime()) / 1000) };
    }
    const { rows } = await client.query<{ id: string }>(
      "INSERT INTO sign_in_attempts (email, client_ip, succeeded, created_at) VALUES ($1, $2, false, $3) RETURNING id::text",
      [email, clientIp, now],
    );
    return { allowed: true, attemptId: rows[0]!.id, failuresLeft: MAX_FAILURES_PER_EMAIL - byEmail.rows.length - 1 };
  });
}

export async function markSignInSucceeded(attemptId: string): Promise<void> {
  await pool().query("UPDATE sign_in_attempts SET succeeded = true WHERE id = $1", [attemptId]);
}

/** Old rows only matter for the window; the worker's housekeeping may call this. */
export async function pruneSignInAttempts(olderThan = new Date(Date.now() - 30 * 24 * 3600_000)): Promise<number> {
  const { rowCount } = await pool().query("DELETE FROM sign_in_attempts WHERE created_at < $1", [olderThan]);
  return rowCount ?? 0;
}
