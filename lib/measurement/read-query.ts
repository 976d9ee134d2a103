import type { QueryResultRow } from "pg";
import { pool } from "@/lib/db";

/**
 * A read-only query with room to hash in memory: the measurement queries group a million people
 * (~70 MB of hash table), which the default work_mem would spill to disk.
 */
export async function readWithMemory<R extends QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN READ ONLY");
    await client.query("SET LOCAL work_mem = '128MB'");
    const { rows } = await client.query<R>(sql, params);
    await client.query("COMMIT");
    return rows;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
