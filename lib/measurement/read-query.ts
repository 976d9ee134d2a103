import { inTransaction } from "@/lib/db";
import type { QueryResultRow } from "pg";

/**
 * A read-only query with room to hash in memory: the measurement queries group a million people
 * (~70 MB of hash table), which the default work_mem would spill to disk.
 */
export async function readWithMemory<R extends QueryResultRow>(
  sql: string,
  params: unknown[],
  opts: { mergeJoins?: boolean } = {},
): Promise<R[]> {
  return inTransaction(async (client) => {
    await client.query("SET TRANSACTION READ ONLY");
    await client.query("SET LOCAL work_mem = '128MB'");
    // For joins of a few hundred thousand rows against tables read in primary-key order anyway: the
    // planner's hash joins scan and hash the big side (measured 1.5-2x the CPU of a merge join).
    if (opts.mergeJoins) await client.query("SET LOCAL enable_hashjoin = off");
    return (await client.query<R>(sql, params)).rows;
  });
}
