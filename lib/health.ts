import { pool } from "@/lib/db";

type Check = { status: "ok" | "down" | "degraded"; detail?: string; latencyMs?: number };

// App, database and queue status for load balancers and the ops person. The database is
// the only hard dependency (503 when down); a missing worker degrades but does not fail.
export async function checkHealth() {
  const database = await timed(async () => {
    await pool().query("SELECT 1");
  });
  let queue: Check & { workers?: number; lastHeartbeatAt?: string | null } = { status: "down", detail: "database unreachable" };
  if (database.status === "ok") {
    const { rows } = await pool().query<{ installed: boolean; workers: string; last: Date | null }>(`
      SELECT to_regclass('pgboss.job') IS NOT NULL AS installed,
             (SELECT count(*) FROM worker_heartbeats WHERE last_seen_at > now() - interval '60 seconds') AS workers,
             (SELECT max(last_seen_at) FROM worker_heartbeats) AS last`);
    const r = rows[0];
    const workers = Number(r.workers);
    queue = {
      status: r.installed && workers > 0 ? "ok" : "degraded",
      detail: !r.installed
        ? "queue not installed yet: start a worker (npm run worker)"
        : workers === 0
          ? "no worker has reported in the last 60 s"
          : undefined,
      workers,
      lastHeartbeatAt: r.last?.toISOString() ?? null,
    };
  }
  const status = database.status !== "ok" ? "down" : queue.status === "ok" ? "ok" : "degraded";
  return {
    status,
    app: { status: "ok" as const, version: process.env.npm_package_version ?? "0.1.0" },
    database,
    queue,
    checkedAt: new Date().toISOString(),
  };
}

async function timed(fn: () => Promise<void>): Promise<Check> {
  const started = Date.now();
  try {
    await fn();
    return { status: "ok", latencyMs: Date.now() - started };
  } catch (e) {
    return { status: "down", detail: (e as Error).message };
  }
}
