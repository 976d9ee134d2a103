import type pg from "pg";

// "The people population": who every figure that says "people" counts, and who a segment can
// contain. The rule (issue 9): test profiles (profiles.is_test, the seeded qa+NN addresses and
// anything ingest marks as test) are NOT people. They are left out of the Overview's people
// figures, the builder's "N of M people", segment membership and sizes, and every live sync's
// desired set; they reach a destination only through a validation run. Every screen that shows
// such a total says so with POPULATION_NOTE.

/** What a screen says next to a people total, so no reader wonders whether QA profiles are in it. */
export const POPULATION_NOTE = "Test profiles are not counted";

/** SQL condition over a profiles row aliased `p`: is this profile one of the people? */
export const inPopulationSql = (p: string) => `NOT ${p}.is_test`;

/** SQL condition over an events row aliased `e`: the event is not a test profile's (anonymous events pass). */
export const eventOfPopulationSql = (e: string) =>
  `(${e}.profile_id IS NULL OR ${e}.profile_id NOT IN (SELECT id FROM profiles WHERE is_test))`;

/**
 * Keeps only the people population from a query of `profile_id`s. The test profiles are a handful
 * (partial index profiles_test_idx), so this is a hashed NOT IN: no per-row profile lookup, even
 * over a million-member segment.
 */
export const populationOnlySql = (profileIdsSql: string) =>
  `SELECT profile_id FROM (${profileIdsSql}) population WHERE profile_id NOT IN (SELECT id FROM profiles WHERE is_test)`;

/**
 * How many people there are. Exact up to `exactUpTo` profiles; past that the planner's row
 * estimate (an exact count would scan the table) minus the test profiles, counted exactly.
 */
export async function countPopulation(q: Pick<pg.Pool | pg.PoolClient, "query">, exactUpTo = 200_000): Promise<number> {
  const { rows } = await q.query<{ n: string }>(
    `SELECT CASE WHEN c.reltuples > $1 THEN c.reltuples::bigint - (SELECT count(*) FROM profiles WHERE is_test)
                 ELSE (SELECT count(*) FROM profiles WHERE NOT is_test) END AS n
       FROM pg_class c WHERE c.oid = 'profiles'::regclass`,
    [exactUpTo],
  );
  return Math.max(0, Number(rows[0]?.n ?? 0));
}
