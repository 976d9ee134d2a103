import type { QueryResultRow } from "pg";
import { inTransaction } from "@/lib/sync/sql";

/**
 * A read-only query with room to hash in memory: the measurement queries group a million people
 * (~70 MB of hash table), which the default work_mem would spill to disk.
 */
export async function readWithMemory<R extends QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
  return inTransaction(async (client) => {
    await client.query("SET TRANSACTION READ ONLY");
    await client.query("SET LOCAL work_mem = '128MB'");
    return (await client.query<R>(sql, params)).rows;
  });
}
