import type pg from "pg";

// Settings for one segment transaction (SET LOCAL ends with it).
// - work_mem: segment queries hash sets of up to a million ids; at the 4 MB default,
//   Postgres sorts or spills to disk instead.
// - random_page_cost: the default (4) prices an index probe like a spinning-disk seek, so
//   the planner scans all of profiles to check 50,000 candidates. Segment data is hot
//   (memory or SSD), where 1.1 is the usual setting.
export async function tuneSession(client: pg.PoolClient) {
  await client.query("SET LOCAL work_mem = '128MB'");
  await client.query("SET LOCAL random_page_cost = 1.1");
}
