import pg from "pg";

// Data for the sync bench, made in SQL in a few statements: N people with normalized, hashed
// email and phone (as ingest stores them), a segment of all of them, a 1% "purchased" segment
// behind a suppression rule, and spare people for the churn run. FK triggers are skipped while
// loading (superuser on our own embedded database), as the demo seeder does.

export async function setupSyncBench(url: string, members: number, spare: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
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
  } finally {
    await c.end();
  }
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
