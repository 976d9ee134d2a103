import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { intFlag, stringFlag, type Flags } from "../lib/args";
import { benchDatabase, machine, nodeCpuMs, peakRssMb, printTable, statementStats, type Benchmark } from "./lib";
import { measureCopyLimit, sampleWaits } from "./ingest-limit";
import { introduceUsers, percentile, runLoad, type LoadOptions, type LoadStats } from "./ingest-load";

// Sustained ingest through the Segment batch endpoint (what @segment/analytics-node calls):
// server process(es) running the real route handlers on a fresh migrated Postgres, several
// concurrent clients each sending a batch and waiting for the answer, a warm-up, then a timed
// run. Reports events/s, batch latency, and CPU and memory of server, Postgres and load; then,
// in the same run, the limit: COPY of the same events into the same table shape with its
// indexes (ingest-limit.ts), and the ratio. Durable Postgres unless --durability fast.

const floatFlag = (flags: Flags, key: string, fallback: number) => {
  const v = stringFlag(flags, key);
  return v === undefined ? fallback : Number(v);
};

function procStat(pid: number): { cpuMs: number; peakRssMb: number } {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return { cpuMs: (Number(f[11]) + Number(f[12])) * 10, peakRssMb: Math.round(Number(hwm?.[1] ?? 0) / 1024) };
}

async function startServer(env: NodeJS.ProcessEnv, profileDir?: string): Promise<{ child: ChildProcess; port: number }> {
  const profile = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "scripts/bench/ingest-server.ts"], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`ingest server exited with ${code}`)));
  });
  return { child, port: JSON.parse(line).port };
}

export const ingestBenchmark: Benchmark = {
  description: "sustained events/s through POST /api/ingest/v1/batch with concurrent clients; p50/p99 batch latency, CPU, memory",
  usage:
    "npm run bench -- ingest [--seconds 30] [--warmup 10] [--clients 4] [--batch 500] [--users 20000] [--servers 1] [--identify-share 0.05] [--anonymous-share 0.2] [--durability durable|fast] [--no-limit] [--profile-server DIR] [--with-fk] [--no-rollup] [--statements] [--database-url URL]",
  async run(flags: Flags) {
    const seconds = intFlag(flags, "seconds", 30);
    const warmup = intFlag(flags, "warmup", 10);
    const durability = stringFlag(flags, "durability") === "fast" ? "fast" : "durable";
    const url = stringFlag(flags, "database-url");
    const statements = flags.statements !== undefined;
    const db = await benchDatabase(url, undefined, durability, { statements });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: db.url,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-secret-bench-secret-bench-secret-01",
      ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? "be".repeat(32),
    };
    Object.assign(process.env, env);
    const servers: ChildProcess[] = [];
    try {
      const { systemActor } = await import("@/lib/auth/actor");
      const { createSource } = await import("@/lib/sources/manage-sources");
      const { disconnectDb, pool } = await import("@/lib/db");
      const { startRollupFolding } = await import("@/lib/segments/sql/rollup-folding");
      const { catchUpEventRollup } = await import("@/lib/segments/sql/rollup-catch-up");
      const source = await createSource(systemActor("bench"), { name: "Bench" });
      // Diagnostic only: the events -> profiles foreign key the event-insert fence replaced (migration
      // 20261201222500_events_deletion_fence), put back to measure what it cost (each insert locked its person's row).
      if (flags["with-fk"])
        await pool().query(
          `ALTER TABLE events ADD CONSTRAINT events_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES profiles(id) ON DELETE CASCADE`,
        );
      const started = await Promise.all(
        Array.from({ length: intFlag(flags, "servers", 1) }, () => startServer(env, stringFlag(flags, "profile-server"))),
      );
      servers.push(...started.map((s) => s.child));
      const load: LoadOptions = {
        ports: started.map((s) => s.port),
        writeKey: source.writeKey,
        clients: intFlag(flags, "clients", 4),
        batchSize: intFlag(flags, "batch", 500),
        users: intFlag(flags, "users", 20_000),
        identifyShare: floatFlag(flags, "identify-share", 0.05),
        anonymousShare: floatFlag(flags, "anonymous-share", 0.2),
      };
      console.log(
        `  sending each of ${load.users} users once, warming up ${warmup} s, then measuring ${seconds} s: ${load.clients} clients × ${load.batchSize} events per batch, ${started.length} server process(es)`,
      );
      // What the worker does beside ingest (its Postgres CPU counts in the run): fold the segments'
      // rollup in from the events. --no-rollup (diagnostic only) leaves it all to the check below.
      const stopFolding = flags["no-rollup"] ? async () => {} : startRollupFolding();
      await introduceUsers(load);
      await runLoad(load, Date.now() + warmup * 1000, { requests: 0, events: 0, failures: 0, latenciesMs: [] });

      const before = {
        server: started.map((s) => procStat(s.child.pid!).cpuMs),
        pg: db.serverCpuMs(),
        node: nodeCpuMs(),
        events: Number((await pool().query(`SELECT count(*) FROM events`)).rows[0].count),
        maxId: Number((await pool().query(`SELECT COALESCE(max(id), 0) AS id FROM events`)).rows[0].id),
      };
      const byStatement = statements ? await statementStats(db.url) : null;
      const waits = sampleWaits(db.url);
      const stats: LoadStats = { requests: 0, events: 0, failures: 0, latenciesMs: [] };
      const t0 = performance.now();
      await runLoad(load, Date.now() + seconds * 1000, stats);
      const elapsed = (performance.now() - t0) / 1000;
      const stored = Number((await pool().query(`SELECT count(*) FROM events`)).rows[0].count) - before.events;
      const after = started.map((s) => procStat(s.child.pid!));
      const pgAfter = db.serverCpuMs();
      // Read now: the COPY limit below runs its writers in this process, and is not the load's CPU.
      const loadCpu = (nodeCpuMs() - before.node) / 1000;
      const waitShares = await waits.stop();
      await byStatement?.report(25);
      await stopFolding();
      // The rollup must still be exact: what a reader gets after catching up equals events' truth.
      await catchUpEventRollup();
      const { rows: drift } = await pool().query<{ n: number }>(`
        WITH truth AS (SELECT profile_id, name, max(occurred_at) AS last_at FROM events WHERE profile_id IS NOT NULL GROUP BY 1, 2)
        SELECT ((SELECT count(*) FROM (TABLE truth EXCEPT SELECT profile_id, name, last_at FROM profile_event_last) a)
              + (SELECT count(*) FROM (SELECT profile_id, name, last_at FROM profile_event_last EXCEPT TABLE truth) b))::int AS n`);
      await disconnectDb();
      const limit = flags["no-limit"]
        ? null
        : await measureCopyLimit(db.url, before.maxId, {
            batchSize: load.batchSize,
            writers: load.clients,
            maxEvents: 1_000_000,
            serverCpuMs: db.serverCpuMs,
          });

      const lat = stats.latenciesMs.sort((a, b) => a - b);
      const serverCpu = after.reduce((n, s, i) => n + s.cpuMs - before.server[i]!, 0) / 1000;
      const pgCpu = before.pg === null || pgAfter === null ? null : (pgAfter - before.pg) / 1000;
      // The machine may be shared: events per CPU-second (server + Postgres + load) says what the code costs.
      const perCpuSecond = pgCpu === null ? null : Math.round(stats.events / (serverCpu + pgCpu + loadCpu));
      const figures = {
        events_per_s: Math.round(stats.events / elapsed),
        events_stored: stored,
        batches: stats.requests,
        failures: stats.failures,
        batch_size: load.batchSize,
        identify_share: load.identifyShare,
        anonymous_share: load.anonymousShare,
        clients: load.clients,
        servers: started.length,
        p50_ms: Number(percentile(lat, 50).toFixed(1)),
        p99_ms: Number(percentile(lat, 99).toFixed(1)),
        seconds: Number(elapsed.toFixed(1)),
        server_cpu_s: Number(serverCpu.toFixed(1)),
        postgres_cpu_s: pgCpu === null ? null : Number(pgCpu.toFixed(1)),
        load_cpu_s: Number(loadCpu.toFixed(1)),
        load_cpu_us_per_event: Math.round((loadCpu * 1e6) / Math.max(stats.events, 1)),
        server_cpu_us_per_event: Math.round((serverCpu * 1e6) / Math.max(stats.events, 1)),
        postgres_cpu_us_per_event: pgCpu === null ? null : Math.round((pgCpu * 1e6) / Math.max(stats.events, 1)),
        events_per_cpu_s: perCpuSecond,
        durability: url ? "external" : durability,
        rollup_differences: drift[0]!.n,
        copy_limit_events_per_s: limit?.eventsPerS ?? null,
        copy_limit_p50_ms: limit?.p50Ms ?? null,
        copy_limit_p99_ms: limit?.p99Ms ?? null,
        copy_limit_postgres_cpu_us_per_event: limit?.postgresCpuS == null ? null : Math.round((limit.postgresCpuS * 1e6) / limit.events),
        limit_ratio: limit ? Number((limit.eventsPerS / Math.max(stats.events / elapsed, 1)).toFixed(2)) : null,
        projected_events_per_s_all_cores: perCpuSecond === null ? null : perCpuSecond * machine().cpus,
        server_peak_rss_mb: Math.max(...after.map((s) => s.peakRssMb)),
        load_peak_rss_mb: peakRssMb(),
        ...machine(),
      };
      printTable(`ingest: Segment batch endpoint, ${seconds} s`, [
        ["events/s (accepted)", figures.events_per_s],
        ["events stored in the run", figures.events_stored],
        ["batches (failed)", `${figures.batches} (${figures.failures})`],
        ["batch latency p50 / p99 (ms)", `${figures.p50_ms} / ${figures.p99_ms}`],
        ["server CPU (s), µs per event", `${figures.server_cpu_s}, ${figures.server_cpu_us_per_event}`],
        [
          "postgres CPU (s), µs per event",
          figures.postgres_cpu_s === null ? "n/a (external db)" : `${figures.postgres_cpu_s}, ${figures.postgres_cpu_us_per_event}`,
        ],
        ["load generator CPU (s), µs per event", `${figures.load_cpu_s}, ${figures.load_cpu_us_per_event}`],
        [
          "limit: COPY, same events/table/batches (events/s)",
          limit ? `${figures.copy_limit_events_per_s} (p50 / p99 ${limit.p50Ms} / ${limit.p99Ms} ms)` : "not measured",
        ],
        ["limit / figure (target at most 1.5)", figures.limit_ratio ?? "n/a"],
        ["COPY postgres CPU, µs per event", figures.copy_limit_postgres_cpu_us_per_event ?? "n/a"],
        ["durability", figures.durability],
        ["rollup rows differing from events after the fold (must be 0)", figures.rollup_differences],
        ["events per CPU-second (all three)", figures.events_per_cpu_s ?? "n/a"],
        [
          "if this had every core to itself",
          figures.projected_events_per_s_all_cores === null
            ? "n/a"
            : `${figures.projected_events_per_s_all_cores.toLocaleString("en-US")} events/s`,
        ],
        ["peak RSS server / load (MB)", `${figures.server_peak_rss_mb} / ${figures.load_peak_rss_mb}`],
        ["load avg (1 min), cpus", `${figures.load1}, ${figures.cpus}`],
      ]);
      printTable("ingest: where the API run's Postgres backends were (sampled every 50 ms)", waitShares);
      return figures;
    } finally {
      // Servers first, and wait for them: stopping Postgres under live pool connections would crash them.
      await Promise.all(
        servers.map((s) => new Promise((resolve) => (s.exitCode !== null ? resolve(null) : (s.once("exit", resolve), s.kill("SIGTERM"))))),
      );
      await db.close();
    }
  },
};
