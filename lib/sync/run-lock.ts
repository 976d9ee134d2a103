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
        // The sync's lock and, for a tier, its group's (lockTierGroup): nothing else locks on this connection.
        await client.query("SELECT pg_advisory_unlock_all()");
        client.release();
      } catch {
        client.release(true); // a broken connection: dropping it releases the lock anyway
      }
    },
  };
}

/**
 * For a sync that is a tier of an intent tier group: the group's lock too, on the same connection,
 * so two tiers of one group never plan and deliver at the same time (issue 15 item 5).
 *
 * Why that keeps a person out of two tiers' audiences: a tier plans an add only for someone no
 * other tier's audience holds (audience_members, lib/tiers/tier-sql.ts), and audience_members is
 * committed per batch right after the destination acknowledged it. Without this lock, tier A's
 * plan could miss an add tier B has in flight (B planned before A, B commits after A planned),
 * and both would add the person. Holding the group lock from before the plan until the run ends,
 * each tier's plan sees every other tier's adds already committed, or that run is dead: a killed
 * worker's connection drops, Postgres releases both locks, and what that run committed is what
 * the next tier's plan reads. Waits up to `waitMs` (tier runs are short and one after another
 * is the point), then gives up: false, and the caller reports the run busy, to be retried.
 */
export async function lockTierGroup(lock: SyncLock, syncId: string, waitMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (let pause = 25; ; pause = Math.min(pause * 2, 500)) {
    // The group is read on each try: a sync taken out of its group meanwhile needs no lock.
    const { rows } = await lock.client.query<{ ok: boolean | null }>(
      `SELECT (SELECT pg_try_advisory_lock(hashtextextended('downstream.tier-group:' || group_id, 0))
         FROM tier_group_members WHERE sync_id = $1) AS ok`,
      [syncId],
    );
    if (rows[0]?.ok !== false) return true; // in no group (null), or locked
    if (Date.now() + pause > deadline) return false;
    await new Promise((r) => setTimeout(r, pause));
  }
}
