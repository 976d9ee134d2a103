import type pg from "pg";

// Why a refresh needs no per-row lock on the people it adds (issue 16).
//
// segment_memberships and segment_cap_exits reference profiles (ON DELETE CASCADE). A refresh
// that inserts a membership for a person whom a concurrent transaction deletes must not leave
// that row behind: the delete's cascade only sees rows committed before it ran. Postgres's own
// foreign-key check prevents that by locking every referenced profile row FOR KEY SHARE, and
// so did our refresh while it ran with those checks off: one row lock per entering person,
// which dirtied every profiles page they sit on and measured as 57-62% of a first refresh.
//
// Instead, the two sides exclude each other with one advisory lock for the whole workspace:
// - a refresh holds it SHARED from before it computes who matches until it commits (any
//   number of refreshes run together);
// - deleting people holds it EXCLUSIVE until the delete commits (deletions are rare: the
//   Customer.io delete and suppress calls).
// A deletion that committed before the refresh took the lock is in every snapshot the
// refresh's statements take afterwards (READ COMMITTED takes one per statement, after the
// lock), so the deleted person is not computed as matching and does not enter. A deletion
// still running holds the lock, so the refresh waits for its commit first. A deletion that
// starts later waits until the refresh has committed, and its cascade then sees, and
// removes, the memberships the refresh wrote. Either way no membership outlives its person.
// TRUNCATE (the demo seeder, tests) takes an ACCESS EXCLUSIVE lock on profiles, which
// conflicts with the refresh's reads of it anyway.

const PROFILE_DELETION_KEY = 0x5e6_0003; // beside rollup-catch-up (…0001) and realtime-pass (…0002)

/** In a refresh's transaction, before it reads who matches. */
export async function fenceProfileDeletions(client: pg.PoolClient): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock_shared($1)`, [PROFILE_DELETION_KEY]);
}

/** In a transaction that deletes profiles, before the DELETE: waits for refreshes in flight. */
export async function lockOutRefreshes(client: pg.PoolClient): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock($1)`, [PROFILE_DELETION_KEY]);
}
