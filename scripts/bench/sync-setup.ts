import pg from "pg";

// Data for the sync bench, made in SQL in a few statements: N people with normalized, hashed
// email and phone (as ingest stores them), a segment of all of them, a 1% "purchased" segment
// behind a suppression rule, and spare people for the churn run. FK triggers are skipped while
// loading (superuser on our own embedded database), as the demo seeder does.

export async function setupSyncBench(url: string, members: number, spare: number): Promise<"seeded" | "reused"> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    if (await reuse(c, members, spare)) return "reused";
    await c.query("SET session_replication_role = replica");
    await c.query(
      `INSERT INTO profiles (id, external_id, email, email_sha256, phone, phone_sha256, phone_valid)
       SELECT i, 'crm-' || i, e, encode(sha256(convert_to(e, 'UTF8')), 'hex'),
         CASE WHEN i % 2 = 0 THEN ph END, CASE WHEN i % 2 = 0 THEN encode(sha256(convert_to(ph, 'UTF8')), 'hex') END, CASE WHEN i % 2 = 0 THEN true END
       FROM generate_series(1, $1::int) i, LATERAL (SELECT 'shopper' || i || '@example.com' AS e, '+1415' || lpad(i::text, 7, '0') AS ph) v`,
      [members + spare],
    );
    await c.query(`SELECT setval(pg_get_serial_sequence('profiles', 'id'), $1::bigint)`, [members + spare]);
    await c.query(
      `INSERT INTO segments (id, name, definition, updated_at) VALUES
         ('bench_all', 'Bench: everyone', '{"bench":true}', now()), ('bench_buyers', 'Bench: purchased', '{"bench":true}', now())`,
    );
    await c.query(
      `INSERT INTO segment_memberships (segment_id, profile_id, entered_at) SELECT 'bench_all', i, now() FROM generate_series(1, $1::int) i`,
      [members],
    );
    await c.query(
      `INSERT INTO segment_memberships (segment_id, profile_id, entered_at) SELECT 'bench_buyers', i, now() FROM generate_series(1, $1::int) i WHERE i % 100 = 7`,
      [members],
    );
    await c.query(
      `INSERT INTO suppression_rules (id, name, segment_id, updated_at) VALUES ('bench_rule', 'Purchased recently', 'bench_buyers', now())`,
    );
    await c.query("VACUUM ANALYZE profiles, segment_memberships");
    return "seeded";
  } finally {
    await c.end();
  }
}

/**
 * A database seeded by an earlier run with the same sizes (`--database-url`): put the segment
 * back to people 1..members (the churn run changed it) and leave the profiles alone, so a
 * million-person bench can be repeated without seeding again. Earlier runs' syncs keep their own
 * audience_members; each run makes a new sync, whose first run starts from an empty audience.
 */
async function reuse(c: pg.Client, members: number, spare: number): Promise<boolean> {
  const { rows } = await c.query<{ profiles: string; seg: boolean }>(
    "SELECT (SELECT max(id) FROM profiles) AS profiles, EXISTS (SELECT 1 FROM segments WHERE id = 'bench_all') AS seg",
  );
  if (!rows[0]!.seg) return false;
  if (Number(rows[0]!.profiles) !== members + spare)
    throw new Error(
      `This database was seeded for another size (${rows[0]!.profiles} people); use --members ${Number(rows[0]!.profiles) - spare}`,
    );
  await c.query("DELETE FROM segment_memberships WHERE segment_id = 'bench_all' AND profile_id > $1", [members]);
  await c.query(
    `INSERT INTO segment_memberships (segment_id, profile_id, entered_at) SELECT 'bench_all', i, now() FROM generate_series(1, $1::int) i
     ON CONFLICT DO NOTHING`,
    [members],
  );
  // Earlier runs' syncs: their million-row delivered sets and batch history, deleted row by row
  // without triggers first (the cascade would recompute sync_entries per batch), then the rest.
  const bench = "SELECT id FROM syncs WHERE name = 'Bench audience'";
  await c.query("SET session_replication_role = replica");
  await c.query(`DELETE FROM audience_members WHERE sync_id IN (${bench})`);
  await c.query(`DELETE FROM sync_entries WHERE sync_id IN (${bench})`);
  await c.query(`DELETE FROM sync_run_batches WHERE run_id IN (SELECT id FROM sync_runs WHERE sync_id IN (${bench}))`);
  await c.query("SET session_replication_role = origin");
  await c.query(`DELETE FROM syncs WHERE name = 'Bench audience'`);
  // sync_member_states too: each deleted sync took its million member states with it (a trigger on
  // sync_plan_positions), and back-to-back runs left it holding 3M dead rows, which the next run's
  // plan then wrote around: the bloat of reusing one database, not what autovacuum leaves a live one.
  await c.query("VACUUM ANALYZE segment_memberships, audience_members, sync_entries, sync_run_batches, sync_member_states");
  return true;
}

/** 1% churn: `n/2` members leave, `n/2` spare people join, as a segment refresh would do. */
export async function churn(url: string, members: number, n: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const half = Math.floor(n / 2);
    await c.query(
      `DELETE FROM segment_memberships WHERE segment_id = 'bench_all' AND profile_id IN (SELECT i FROM generate_series(1, $1::int) i WHERE i % ($2::int / $3::int) = 1)`,
      [members, members, half],
    );
    await c.query(
      `INSERT INTO segment_memberships (segment_id, profile_id) SELECT 'bench_all', i FROM generate_series($1::int + 1, $1::int + $2::int) i`,
      [members, half],
    );
  } finally {
    await c.end();
  }
}
