import { logger } from "@/lib/logger";

// Every profile write locks its people in profile id order (profile-sql.ts), so batches should
// not deadlock each other; a person created by another batch between our lookup and our write is
// ordered among the new ones, so a rare crossing can remain, and Postgres then aborts one side.
// A foreign-key violation (23503) is retried too, in case a person went missing mid-batch, though
// the batch's event fence (event-fence.ts) keeps deletions out. Every write here is idempotent,
// so the batch simply runs again from its lookup; the client never sees the conflict.
const RETRIABLE = new Set(["40P01", "40001", "23503"]); // deadlock, serialization failure, FK violation
const ATTEMPTS = 5;

export async function withRetry<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (!code || !RETRIABLE.has(code) || n >= ATTEMPTS) throw e;
      logger.warn({ code, attempt: n }, "ingest batch conflicted with another; retrying");
      await new Promise((r) => setTimeout(r, 5 * n + Math.random() * 20 * n));
    }
  }
}
