import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

// One Prisma client and one pg pool per process (kept on globalThis so Next's dev
// reloads do not open a new pool on every edit). The raw pool serves bulk paths
// (COPY, set-based SQL) where Prisma adds nothing.
type Handles = { prisma: PrismaClient; pool: pg.Pool; url: string };
const globalForDb = globalThis as unknown as { __downstreamDb?: Handles };

function handles(): Handles {
  const url = env().DATABASE_URL;
  const current = globalForDb.__downstreamDb;
  if (current && current.url === url) return current;
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client dropped by the server (restart, idle timeout) must not crash the process;
  // the pool replaces it on next checkout.
  pool.on("error", (err) => logger.warn({ err }, "idle database connection closed"));
  // pg-pool listens only while a client is idle; a checked-out client (a long ingest write)
  // that loses its server between queries would otherwise throw an uncaught error.
  pool.on("connect", (client) => client.on("error", (err) => logger.warn({ err }, "database connection lost")));
  // The same for Prisma's own pool: without handlers, a Postgres restart kills the process.
  const onError = (err: Error) => logger.warn({ err }, "database connection closed");
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 10 }, { onPoolError: onError, onConnectionError: onError }),
  });
  globalForDb.__downstreamDb = { prisma, pool, url };
  return globalForDb.__downstreamDb;
}

export function db(): PrismaClient {
  return handles().prisma;
}

export function pool(): pg.Pool {
  return handles().pool;
}

export async function disconnectDb() {
  const current = globalForDb.__downstreamDb;
  globalForDb.__downstreamDb = undefined;
  if (!current) return;
  await Promise.allSettled([current.prisma.$disconnect(), current.pool.end()]);
}

/**
 * What a transaction's work returns to end it with ROLLBACK instead of COMMIT (nothing to change,
 * or a dry run that wrote only scratch rows); the transaction then resolves to `value`.
 */
export class RolledBack<T> {
  constructor(readonly value: T) {}
}

export function rollback<T>(value: T): RolledBack<T> {
  return new RolledBack(value);
}

/**
 * Runs `work` in a transaction on a client the caller already holds (a pooled client, or a
 * pg.Client of its own); rolls back on any error, or when `work` returns `rollback(value)`.
 */
export async function transactionOn<T>(client: pg.ClientBase, work: () => Promise<T | RolledBack<T>>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await work();
    if (result instanceof RolledBack) {
      await client.query("ROLLBACK");
      return result.value;
    }
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}

/** Runs `fn` in a transaction on one pooled client; rolls back on any error, or when `fn` returns `rollback(value)`. */
export async function inTransaction<T>(fn: (client: pg.PoolClient) => Promise<T | RolledBack<T>>): Promise<T> {
  const client = await pool().connect();
  try {
    return await transactionOn(client, () => fn(client));
  } finally {
    client.release();
  }
}
