import PgBoss from "pg-boss";
import { env } from "@/lib/env";

// pg-boss keeps the queue in the same Postgres (schema `pgboss`), so workers on any
// number of machines share it with no extra infrastructure.
const globalForQueue = globalThis as unknown as { __downstreamBoss?: Promise<PgBoss> };

export function queue(): Promise<PgBoss> {
  globalForQueue.__downstreamBoss ??= (async () => {
    const boss = new PgBoss({ connectionString: env().DATABASE_URL, max: 4 });
    boss.on("error", (e) => console.error("[queue]", e));
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
