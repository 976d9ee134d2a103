import type pg from "pg";

// Why events need no foreign key to profiles (migration 20261201222500_events_deletion_fence).
//
// The ingest writer and person deletion exclude each other with one advisory lock:
// - an ingest batch holds it SHARED for the whole batch, from before its lookup of the people
//   until its events are committed (any number of batches run together). It is a session lock,
//   not a transaction's: each of the batch's statements commits on its own (write-messages.ts);
// - deleting people holds it EXCLUSIVE until the delete commits.
// A deletion that committed before the batch took the lock is seen by the batch's lookup (every
// statement's snapshot is taken after the lock), so the batch writes for that person anew. A
// deletion that starts later waits until the batch's events are committed, and its trigger then
// deletes them with the person. No event outlives its person, and the insert needs no re-check of
// its people: before, with the lock held only around the insert, a deletion could commit between
// the lookup and the insert, and a probe per person (1.7 µs per event) caught it.
//
// A key of its own, not the segment refresh's (lib/segments/refresh/deletion-fence.ts): a
// deletion waits for the refreshes in flight (seconds) before it takes this one, so ingest only
// ever waits for the deletion itself, never behind a refresh.

const EVENT_INSERT_KEY = 0x5e6_0004; // beside rollup-catch-up (…0001), realtime-pass (…0002), deletion-fence (…0003)

/**
 * Runs one ingest batch's writes with the fence held shared. If the unlock itself fails the
 * connection may still hold the lock, so `onStuck` must discard it rather than return it to the pool.
 */
export async function withEventFence<T>(client: pg.PoolClient, work: () => Promise<T>, onStuck: (e: Error) => void): Promise<T> {
  await client.query(`SELECT pg_advisory_lock_shared($1)`, [EVENT_INSERT_KEY]);
  try {
    return await work();
  } finally {
    await client.query(`SELECT pg_advisory_unlock_shared($1)`, [EVENT_INSERT_KEY]).catch(onStuck);
  }
}

/** In a transaction that deletes profiles, before the DELETE: waits for ingest batches in flight. */
export async function lockOutEventInserts(client: pg.PoolClient): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock($1)`, [EVENT_INSERT_KEY]);
}
