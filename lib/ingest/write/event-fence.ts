import type pg from "pg";

// Why events need no foreign key to profiles (migration 20261201222500_events_deletion_fence).
//
// The ingest writer and person deletion exclude each other with one advisory lock:
// - an event insert holds it SHARED, from before it re-checks that the batch's people exist
//   until it commits (any number of batches run together);
// - deleting people holds it EXCLUSIVE until the delete commits.
// A deletion that committed before the insert took the lock is in the insert's snapshot
// (READ COMMITTED takes one per statement, after the lock), so the re-check sees the person
// gone and the batch is retried from its lookup. A deletion still running holds the lock, so
// the insert waits for its commit first. A deletion that starts later waits until the events
// are committed, and its trigger then deletes them with the person. No event outlives its person.
//
// A key of its own, not the segment refresh's (lib/segments/refresh/deletion-fence.ts): a
// deletion waits for the refreshes in flight (seconds) before it takes this one, so ingest only
// ever waits for the deletion itself, never behind a refresh.

const EVENT_INSERT_KEY = 0x5e6_0004; // beside rollup-catch-up (…0001), realtime-pass (…0002), deletion-fence (…0003)

/** In an event insert's transaction, before the statement that re-checks the people. */
export async function fenceEventInsert(client: pg.PoolClient): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock_shared($1)`, [EVENT_INSERT_KEY]);
}

/** In a transaction that deletes profiles, before the DELETE: waits for event inserts in flight. */
export async function lockOutEventInserts(client: pg.PoolClient): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock($1)`, [EVENT_INSERT_KEY]);
}
