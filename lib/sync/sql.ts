import type pg from "pg";
import { pool } from "@/lib/db";

// Raw SQL plumbing for the engine: anything with `query` (the pool, a checked-out client).
export type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

/** Runs `fn` in a transaction on one pooled client; rolls back on any error. */
export async function inTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** Postgres bigint[] literal for `= ANY($n::bigint[])` from profile keys (strings of digits). */
export const bigintArray = (keys: string[]) => `{${keys.join(",")}}`;
