import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate } from "@/lib/db/migrate";
import { ensureDatabase, startEmbeddedPostgres, type Durability } from "@/lib/dev/embedded-postgres";
import { stringFlag, type Flags } from "../lib/args";

// Shared pieces of `npm run bench`: a throwaway database, CPU and memory readings, and
// output (an aligned table for people, then one JSON line for machines).

export type Figures = Record<string, string | number | boolean | null>;

export type Benchmark = {
  description: string;
  usage: string;
  /** Prints its own table; returns the figures that become the final JSON line. */
  run(flags: Flags): Promise<Figures>;
};

export type BenchDatabase = {
  url: string;
  /** Server CPU time so far (ms), when the server is ours and local; else null. */
  serverCpuMs(): number | null;
  close(): Promise<void>;
};

/**
 * The environment a bench and its child processes (worker, ingest server, receiver) run with,
 * also applied to this process: the bench database, production mode, quiet logs, placeholder
 * secrets, and loopback allowed under the egress policy (the receivers run on this machine).
 */
export function benchEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-secret-bench-secret-bench-secret-01",
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? "be".repeat(32),
    EGRESS_ALLOW: process.env.EGRESS_ALLOW ?? "127.0.0.0/8,::1,localhost",
    ...extra,
  };
  Object.assign(process.env, env);
  return env;
}

/**
 * The given URL; or, with `keepDir`, an embedded Postgres whose data stays in that directory
 * after the run (seed a big database once, measure it many times, with CPU readings); else a
 * fresh migrated embedded Postgres in a temp dir, removed on close. Fast (fsync off) unless the
 * bench asks for "durable", the embedded default for real data (what the ingest figure promises).
 */
export async function benchDatabase(
  databaseUrl?: string,
  keepDir?: string,
  durability: Durability = "fast",
  opts: { statements?: boolean } = {},
): Promise<BenchDatabase> {
  if (databaseUrl) return { url: databaseUrl, serverCpuMs: () => null, close: async () => {} };
  const dir = keepDir ? path.resolve(keepDir) : mkdtempSync(path.join(os.tmpdir(), "downstream-bench-"));
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755); // embedded-postgres runs the server as a separate "postgres" user
  const dataDir = path.join(dir, "data");
  const server = await startEmbeddedPostgres(dataDir, {
    persistent: Boolean(keepDir),
    durability,
    memory: "machine",
    statements: opts.statements,
  });
  await ensureDatabase(server.url("postgres"), "bench");
  const url = server.url("bench");
  await migrate(url);
  return {
    url,
    serverCpuMs: () => postgresCpuMs(dataDir),
    close: async () => {
      await server.stop();
      if (!keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `--statements`: where Postgres spent its time in one measured step. `statementStats(url)` before
 * the step resets the counters; `report()` after it prints the statements (trigger bodies
 * included) that took the most execution time, with calls, rows and time per call.
 */
export async function statementStats(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  await client.query("SELECT pg_stat_statements_reset()");
  return {
    async report(top = 15, whose = "Postgres") {
      const { rows } = await client.query<{ ms: number; calls: string; rows: string; query: string }>(
        `SELECT total_exec_time AS ms, calls::text, rows::text, regexp_replace(query, '[[:space:]]+', ' ', 'g') AS query
           FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          ORDER BY total_exec_time DESC LIMIT $1`,
        [top],
      );
      await client.end();
      console.log(`\n  ${whose}: statements by execution time (nested statements count in their callers too):`);
      for (const r of rows)
        console.log(
          `  ${(r.ms / 1000).toFixed(2).padStart(7)} s ${r.calls.padStart(8)} calls ${(r.ms / Math.max(1, Number(r.calls))).toFixed(2).padStart(9)} ms/call ${r.rows.padStart(10)} rows  ${r.query.slice(0, 150)}`,
        );
    },
  };
}

export type SeededBench = { database: BenchDatabase; admin: pg.Client; seedMs: number; seeded: boolean };

/**
 * The frame the in-process benches share: the database (`--database-url URL`, or `--data-dir DIR`
 * to keep an embedded one between runs), this process's environment pointed at it (lib/db reads
 * DATABASE_URL on first use, so import app modules inside `body`), one admin connection, and the
 * seed, skipped when `isSeeded` says a reused database already holds it. Everything is closed after.
 */
export async function runSeeded<T>(
  flags: Flags,
  seed: { isSeeded?: (c: pg.Client) => Promise<boolean>; run: (c: pg.Client) => Promise<void> },
  body: (b: SeededBench) => Promise<T>,
): Promise<T> {
  const database = await benchDatabase(stringFlag(flags, "database-url"), stringFlag(flags, "data-dir"));
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-01";
  process.env.ENCRYPTION_KEY ??= "be".repeat(32);
  process.env.LOG_LEVEL = "warn";
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  try {
    const t0 = Date.now();
    const reuse = (await seed.isSeeded?.(admin)) ?? false;
    if (!reuse) await seed.run(admin);
    return await body({ database, admin, seedMs: Date.now() - t0, seeded: !reuse });
  } finally {
    await admin.end();
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb();
    await database.close();
  }
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

function procCpu(pid: number, withReapedChildren: boolean): { ms: number; ppid: number } | null {
  try {
    // Fields after "(comm) ": state ppid ... utime(11) stime(12) cutime(13) cstime(14).
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    const ticks = Number(f[11]) + Number(f[12]) + (withReapedChildren ? Number(f[13]) + Number(f[14]) : 0);
    return { ms: ticks * CLOCK_TICK_MS, ppid: Number(f[1]) };
  } catch {
    return null;
  }
}

/**
 * CPU used by a local Postgres: the postmaster, its live children (backends, parallel
 * workers, checkpointer) and, via cutime, the children it has already reaped. Linux only.
 */
export function postgresCpuMs(dataDir: string): number | null {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return null;
  }
  let total = procCpu(postmaster, true)?.ms ?? 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const child = procCpu(Number(entry), false);
    if (child?.ppid === postmaster) total += child.ms;
  }
  return total;
}

export function nodeCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Peak resident memory of this process, in MB. */
export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

export function printTable(title: string, rows: [label: string, value: string | number][]) {
  const width = Math.max(...rows.map(([label]) => label.length));
  const shown = rows.map(([label, value]) => [label, typeof value === "number" ? value.toLocaleString("en-US") : value] as const);
  const valueWidth = Math.max(...shown.map(([, v]) => v.length));
  console.log(`\n${title}\n${"-".repeat(width + valueWidth + 3)}`);
  for (const [label, value] of shown) console.log(`${label.padEnd(width)}   ${value.padStart(valueWidth)}`);
  console.log("");
}

/** Load average and cores, so a number measured on a busy machine says so. */
export function machine(): { cpus: number; load1: number; node: string } {
  return { cpus: os.cpus().length, load1: Number(os.loadavg()[0]!.toFixed(2)), node: process.version };
}
