import type pg from "pg";
import { pool } from "@/lib/db";

// One run per sync at a time, across every worker on every machine: a session-level Postgres
// advisory lock held on the run's own connection. If the worker dies (even kill -9) the
// connection drops and Postgres releases the lock, so a crash can never wedge a sync.

const key = (syncId: string) => `downstream.sync:${syncId}`;

export type SyncLock = { client: pg.PoolClient; release: () => Promise<void> };

export async function tryLockSync(syncId: string): Promise<SyncLock | null> {
  const client = await pool().connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok", [key(syncId)]);
    if (!rows[0]?.ok) {
      client.release();
      return null;
    }
  } catch (e) {
    client.release(true);
    throw e;
  }
  return {
    client,
    release: async () => {
      try {
        // A streaming plan's WITH HOLD cursor lives on this connection: never hand it back with one.
        await client.query("CLOSE ALL");
        await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key(syncId)]);
        client.release();
      } catch {
        client.release(true); // a broken connection: dropping it releases the lock anyway
      }
    },
  };
}
