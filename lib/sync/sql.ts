import type pg from "pg";

// Raw SQL plumbing for the engine: anything with `query` (the pool, a checked-out client).
export type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

/** Postgres bigint[] literal for `= ANY($n::bigint[])` from profile keys (strings of digits). */
export const bigintArray = (keys: string[]) => `{${keys.join(",")}}`;
