import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

// pg-boss keeps the queue in the same Postgres (schema `pgboss`), so workers on any
// number of machines share it with no extra infrastructure.
const globalForQueue = globalThis as unknown as { __downstreamBoss?: Promise<PgBoss> };

export function queue(): Promise<PgBoss> {
  globalForQueue.__downstreamBoss ??= (async () => {
    const boss = new PgBoss({ connectionString: env().DATABASE_URL, max: 4 });
    // Message and code only: a pg error carries its whole client (hundreds of lines), and a
    // Postgres restart or Ctrl-C in `npm run dev` produces a few of these as connections drop.
    boss.on("error", (e: Error & { code?: string }) => logger.warn({ code: e.code, error: e.message }, "queue connection error"));
    await boss.start();
    return boss;
  })();
  return globalForQueue.__downstreamBoss;
}

export async function stopQueue() {
  const pending = globalForQueue.__downstreamBoss;
  globalForQueue.__downstreamBoss = undefined;
  globalForQueues.__downstreamQueues?.clear();
  if (pending) await (await pending).stop({ graceful: true, timeout: 10_000 });
}

// Postgres errors that a repeat of the same statement can get past: creating a queue attaches a
// partition to pg-boss's job table, which can deadlock with a concurrent send or another
// creation under load (seen in CI as a failed worker start).
const TRANSIENT_CODES = new Set(["40P01", "40001", "23505", "55P03"]);
const globalForQueues = globalThis as unknown as { __downstreamQueues?: Map<string, Promise<void>> };

/**
 * Creates a pg-boss queue once per process, whoever asks first (the worker at start or an
 * enqueue). A transient lock conflict is retried; any other error is thrown and forgotten so the
 * next caller tries again.
 */
export function ensureQueue(name: string): Promise<void> {
  const created = (globalForQueues.__downstreamQueues ??= new Map());
  let pending = created.get(name);
  if (!pending) {
    pending = createWithRetry(name);
    pending.catch(() => created.delete(name));
    created.set(name, pending);
  }
  return pending;
}

async function createWithRetry(name: string, attempts = 5): Promise<void> {
  const boss = await queue();
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(name);
      return;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (attempt >= attempts || !code || !TRANSIENT_CODES.has(code)) throw e;
      logger.warn({ queue: name, code, attempt }, "queue creation met a lock conflict; retrying");
      await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
    }
  }
}
