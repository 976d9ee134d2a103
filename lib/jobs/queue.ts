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
  if (pending) await (await pending).stop({ graceful: true, timeout: 10_000 });
}
