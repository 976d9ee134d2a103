import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { seedDemo } from "@/lib/demo/seed";
import { coverage } from "@/lib/identity/audit/coverage";
import { duplicates, invalidFormats, normalizationChanges } from "@/lib/identity/audit/formats";
import { compactPageCounts } from "@/lib/overview/page-counts";
import { getWorkspaceSummary } from "@/lib/overview/workspace-summary";

// The Overview and the identity audit read counts that triggers keep (migration
// 20261201195000_page_counts) instead of scanning profiles and events. What they show must be
// exactly what a count over the rows says, after every kind of write (single and multi-row
// inserts, INSERT ... SELECT, COPY, updates, deletes, a person's deletion cascading to their
// events, the demo seeder's trigger-less bulk load) and after compaction.

// The figures as the Overview computed them before the counts existed: the reference.
async function scanned() {
  const q = async (sql: string) => (await pool().query(sql)).rows;
  const [people] = await q(`SELECT count(*) FILTER (WHERE NOT is_test)::int AS people, count(*) FILTER (WHERE is_test)::int AS test,
           count(*) FILTER (WHERE NOT is_test AND email IS NOT NULL)::int AS email,
           count(*) FILTER (WHERE NOT is_test AND phone_valid)::int AS phone FROM profiles`);
  const [day] = await q(`SELECT count(*)::int AS n FROM events WHERE occurred_at > (now() AT TIME ZONE 'UTC') - interval '24 hours'`);
  const byName = await q(`SELECT name, count(*)::int AS count FROM events WHERE occurred_at > (now() AT TIME ZONE 'UTC') - interval '7 days'
                           GROUP BY name ORDER BY count DESC, name LIMIT 12`);
  // The chart's 14 days end today: an event stamped in the future (a client clock ahead, the one
  // 90 minutes ahead below) is in no day of it, even when that is tomorrow in UTC.
  const daily = await q(`SELECT to_char(date_trunc('day', occurred_at), 'YYYY-MM-DD') AS day, count(*)::int AS count FROM events
                          WHERE occurred_at >= date_trunc('day', now() AT TIME ZONE 'UTC') - interval '13 days'
                            AND occurred_at < date_trunc('day', now() AT TIME ZONE 'UTC') + interval '1 day' GROUP BY 1`);
  return {
    people: people.people,
    testProfiles: people.test,
    withEmail: people.email,
    withValidPhone: people.phone,
    events24h: day.n,
    eventsByName7d: byName,
    daily: Object.fromEntries(daily.map((d) => [d.day, d.count])),
  };
}

async function shown() {
  const s = await getWorkspaceSummary();
  return {
    people: s.people,
    testProfiles: s.testProfiles,
    withEmail: s.withEmail,
    withValidPhone: s.withValidPhone,
    events24h: s.events24h,
    eventsByName7d: s.eventsByName7d,
    daily: Object.fromEntries(s.dailyEvents14d.filter((d) => d.count !== 0).map((d) => [d.day, d.count])),
  };
}

// The identity audit's coverage and normalization counts as one scan computed them before.
async function scannedCoverage() {
  const p = "NOT is_test";
  const { rows } = await pool().query(`
    SELECT count(*) FILTER (WHERE ${p})::int AS profiles, count(*) FILTER (WHERE is_test)::int AS test_profiles,
           count(*) FILTER (WHERE ${p} AND external_id IS NOT NULL)::int AS ext,
           count(*) FILTER (WHERE ${p} AND email IS NOT NULL)::int AS ev, count(*) FILTER (WHERE ${p} AND email IS NULL AND email_sha256 IS NOT NULL)::int AS ep,
           count(*) FILTER (WHERE ${p} AND email_raw IS NOT NULL AND email_sha256 IS NULL)::int AS ei, count(*) FILTER (WHERE ${p} AND email_raw IS NULL)::int AS em,
           count(*) FILTER (WHERE ${p} AND phone IS NOT NULL AND phone_valid)::int AS pv,
           count(*) FILTER (WHERE ${p} AND phone IS NULL AND phone_sha256 IS NOT NULL)::int AS pp,
           count(*) FILTER (WHERE ${p} AND phone_raw IS NOT NULL AND phone_sha256 IS NULL)::int AS pi, count(*) FILTER (WHERE ${p} AND phone_raw IS NULL)::int AS pm,
           count(*) FILTER (WHERE ${p} AND (email_sha256 IS NOT NULL OR (phone_sha256 IS NOT NULL AND phone_valid IS NOT FALSE)))::int AS matchable,
           count(*) FILTER (WHERE ${p} AND email IS NOT NULL AND btrim(email_raw, E' \\t\\n\\r') <> email_raw)::int AS c0,
           count(*) FILTER (WHERE ${p} AND email IS NOT NULL AND btrim(email_raw, E' \\t\\n\\r') <> email)::int AS c1,
           count(*) FILTER (WHERE ${p} AND phone IS NOT NULL AND phone_raw <> phone)::int AS c2,
           count(*) FILTER (WHERE ${p} AND phone IS NOT NULL AND btrim(phone_raw) NOT LIKE '+%' AND btrim(phone_raw) NOT LIKE '00%')::int AS c3,
           count(*) FILTER (WHERE ${p} AND email IS NOT NULL AND email_raw = email)::int AS es,
           count(*) FILTER (WHERE ${p} AND phone IS NOT NULL AND phone_raw = phone)::int AS ps
      FROM profiles`);
  const r = rows[0];
  return {
    coverage: {
      profiles: r.profiles,
      testProfiles: r.test_profiles,
      withExternalId: r.ext,
      email: { valid: r.ev, prehashed: r.ep, invalid: r.ei, missing: r.em },
      phone: { valid: r.pv, prehashed: r.pp, invalid: r.pi, missing: r.pm },
      matchable: r.matchable,
    },
    changes: [r.c0, r.c1, r.c2, r.c3],
    unchanged: { email: r.es, phone: r.ps },
  };
}

// The audit's duplicates as one grouping of every person's identifier computed them before.
async function scannedDuplicates(column: "email" | "phone") {
  const { rows } = await pool().query(`
    WITH d AS (
      SELECT ${column} AS value, count(*)::int AS people, array_agg(DISTINCT ${column}_raw) AS spellings
        FROM profiles WHERE ${column} IS NOT NULL AND NOT is_test GROUP BY ${column} HAVING count(*) > 1
    )
    SELECT (SELECT count(*)::int FROM d) AS groups, (SELECT COALESCE(sum(people), 0)::int FROM d) AS profiles,
           (SELECT COALESCE(json_agg(x), '[]') FROM (SELECT value, people, spellings[1:4] AS spellings FROM d ORDER BY cardinality(spellings) DESC, people DESC, value LIMIT 5) x) AS examples`);
  return rows[0];
}

// Invalid identifiers by reason as the grouping query gave them (ties in count in no set order, so sorted by reason).
async function scannedInvalid(column: "email" | "phone") {
  const { rows } = await pool().query(`
    SELECT COALESCE(${column}_error, 'invalid') AS reason, count(*)::int AS count, (array_agg(DISTINCT ${column}_raw))[1:4] AS examples
      FROM profiles WHERE ${column}_raw IS NOT NULL AND ${column}_sha256 IS NULL AND NOT is_test GROUP BY 1 ORDER BY 2 DESC LIMIT 12`);
  return rows.sort((a, b) => (a.reason < b.reason ? -1 : 1));
}
const byReason = <T extends { reason: string }>(rows: T[]) => [...rows].sort((a, b) => (a.reason < b.reason ? -1 : 1));

async function expectAgreement() {
  expect(byReason(await invalidFormats("email"))).toEqual(await scannedInvalid("email"));
  expect(byReason(await invalidFormats("phone"))).toEqual(await scannedInvalid("phone"));
  expect(await duplicates("email")).toEqual(await scannedDuplicates("email"));
  expect(await duplicates("phone")).toEqual(await scannedDuplicates("phone"));
  expect(await shown()).toEqual(await scanned());
  const ref = await scannedCoverage();
  expect(await coverage()).toEqual(ref.coverage);
  const norm = await normalizationChanges();
  expect(norm.unchanged).toEqual(ref.unchanged);
  expect(norm.changes.map((c) => c.count)).toEqual(ref.changes);
}

const sha = (s: string) => `encode(sha256(convert_to(${s}, 'UTF8')), 'hex')`;
const ago = (minutes: number | string) => `(now() AT TIME ZONE 'UTC') - make_interval(mins => ${minutes})`;

let other: pg.Client;
beforeAll(async () => {
  other = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await other.connect();
});
afterAll(() => other.end());

describe("the Overview's and the identity audit's counts", () => {
  it("match a scan of profiles and events after inserts, COPY, updates, deletes and compaction", async () => {
    // Profiles of every identifier shape: valid, normalized (whitespace, case, phone format), invalid, pre-hashed, missing, test.
    await pool()
      .query(`INSERT INTO profiles (id, external_id, email_raw, email, email_sha256, phone_raw, phone, phone_sha256, phone_valid, is_test) VALUES
      (1, 'c1', '  Ann@Example.com', 'ann@example.com', ${sha("'ann@example.com'")}, '(415) 555-0134', '+14155550134', ${sha("'+14155550134'")}, true, false),
      (2, 'c2', 'bob@example.com', 'bob@example.com', ${sha("'bob@example.com'")}, '+14155550135', '+14155550135', ${sha("'+14155550135'")}, true, false),
      (3, NULL, 'not an email', NULL, NULL, '555-01', NULL, NULL, false, false),
      (9, NULL, 'also not one', NULL, NULL, '12', NULL, NULL, false, false),
      (4, 'c4', NULL, NULL, ${sha("'pre@hashed'")}, NULL, NULL, ${sha("'+1pre'")}, NULL, false),
      (5, 'c5', 'qa@example.com', 'qa@example.com', ${sha("'qa@example.com'")}, NULL, NULL, NULL, NULL, true),
      (6, 'c6', 'BOB@example.com', 'bob@example.com', ${sha("'bob@example.com'")}, '4155550134', '+14155550134', ${sha("'+14155550134'")}, true, false),
      (7, 'c7', ' bob@example.com', 'bob@example.com', ${sha("'bob@example.com'")}, NULL, NULL, NULL, NULL, false),
      (8, 'c8', 'bob@example.com', 'bob@example.com', ${sha("'bob@example.com'")}, NULL, NULL, NULL, NULL, true)`);
    await pool().query(`INSERT INTO profiles (id, email_raw, email, email_sha256)
      SELECT i, 'P' || i || '@example.com ', 'p' || i || '@example.com', ${sha("'p' || i || '@example.com'")} FROM generate_series(10, 40) i`);

    // Events either side of each window's edge (24 hours, 7 days, 14 days), one in the future.
    await pool().query(`INSERT INTO events (profile_id, name, occurred_at) VALUES (1, 'Order Completed', ${ago(24 * 60 - 1)})`);
    await pool().query(`INSERT INTO events (profile_id, name, occurred_at) VALUES
      (1, 'Order Completed', ${ago(24 * 60 + 1)}), (2, 'Page Viewed', ${ago(7 * 24 * 60 - 2)}), (2, 'Page Viewed', ${ago(7 * 24 * 60 + 2)}),
      (3, 'Cart Viewed', ${ago(13 * 24 * 60)}), (NULL, 'Page Viewed', ${ago(-90)}), (5, 'Order Completed', ${ago(30)})`);
    await pool().query(`INSERT INTO events (profile_id, name, occurred_at)
      SELECT 10 + i % 30, (ARRAY['Page Viewed', 'Cart Viewed', 'Signed Up'])[1 + i % 3], ${ago("i * 37")} FROM generate_series(0, 899) i`);
    const client = await pool().connect();
    try {
      const copy = client.query(copyFrom("COPY events (profile_id, name, occurred_at) FROM STDIN"));
      const at = (m: number) => new Date(Date.now() - m * 60_000).toISOString().replace("T", " ").replace("Z", "");
      copy.end(["2\tCopied\t" + at(5), "2\tCopied\t" + at(60 * 30), "\\N\tCopied\t" + at(60 * 24 * 6)].join("\n") + "\n");
      await new Promise((resolve, reject) => copy.on("finish", resolve).on("error", reject));
    } finally {
      client.release();
    }
    await expectAgreement();

    // Updates: events moved in time and renamed, identifiers fixed, a person marked as a test profile.
    await pool().query(`UPDATE events SET occurred_at = occurred_at - interval '3 days' WHERE id % 7 = 0`);
    await pool().query(`UPDATE events SET name = 'Renamed' WHERE id % 11 = 0`);
    await pool().query(`UPDATE events SET profile_id = 2 WHERE profile_id IS NULL`); // identity linking: nothing moves
    await pool().query(`UPDATE profiles SET email_raw = 'bob@new.example', email = 'bob@new.example', external_id = NULL WHERE id = 2`);
    await pool().query(`UPDATE profiles SET is_test = true WHERE id = 10`);
    await pool().query(`UPDATE profiles SET is_test = false WHERE id = 8`);
    await pool().query(`UPDATE profiles SET email_error = 'contains whitespace', phone_error = 'too short' WHERE id = 3`);
    expect((await duplicates("email")).examples[0]).toMatchObject({ value: "bob@example.com", people: 3 });
    await expectAgreement();

    // Deletes: some events, and a person (their events go with them by cascade).
    await pool().query(`DELETE FROM events WHERE id % 5 = 0`);
    await pool().query(`DELETE FROM profiles WHERE id IN (1, 11)`);
    await expectAgreement();

    const before = Number((await pool().query(`SELECT count(*) AS n FROM event_hourly_counts`)).rows[0].n);
    await compactPageCounts();
    const after = Number((await pool().query(`SELECT count(*) AS n FROM event_hourly_counts`)).rows[0].n);
    expect(after).toBeLessThan(before); // one row per (hour, name) left
    expect(Number((await pool().query(`SELECT count(*) AS n FROM profile_counts GROUP BY key ORDER BY 1 DESC LIMIT 1`)).rows[0].n)).toBe(1);
    await expectAgreement();
  });

  it("never makes two ingest transactions wait for each other, and counts both", async () => {
    const before = await shown();
    const first = await pool().connect();
    try {
      await first.query("BEGIN");
      await first.query(`INSERT INTO events (name, occurred_at) VALUES ('Concurrent', now() AT TIME ZONE 'UTC')`);
      // A second transaction writing the same hour and name, while the first is still open: it must not block.
      await other.query("SET statement_timeout = '2s'");
      await other.query("BEGIN");
      await other.query(`INSERT INTO events (name, occurred_at) VALUES ('Concurrent', now() AT TIME ZONE 'UTC')`);
      await compactPageCounts(); // compaction at the same time neither blocks nor loses the uncommitted deltas
      await other.query("COMMIT");
      await first.query("COMMIT");
    } finally {
      first.release();
    }
    const after = await shown();
    expect(after.events24h).toBe(before.events24h + 2);
    expect(after.eventsByName7d).toContainEqual({ name: "Concurrent", count: 2 });
    await expectAgreement();
  });

  it("find the same duplicate examples when many values are shared (more than one batch of them)", async () => {
    // 260 shared emails: 2-4 people each, spelled 1-3 ways; a few with more spellings deep in the order.
    await pool().query(`SELECT setval(pg_get_serial_sequence('profiles', 'id'), (SELECT max(id) FROM profiles))`);
    await pool().query(`INSERT INTO profiles (email_raw, email, email_sha256)
      SELECT CASE (k % (1 + g % 3)) WHEN 0 THEN 'dup' || g || '@example.com' WHEN 1 THEN 'Dup' || g || '@example.com' ELSE ' dup' || g || '@example.com' END,
             'dup' || g || '@example.com', ${sha("'dup' || g || '@example.com'")}
        FROM generate_series(1, 260) g, generate_series(1, 2 + g % 3) k`);
    await pool().query(`INSERT INTO profiles (email_raw, email, email_sha256)
      SELECT raw, 'dup7@example.com', ${sha("'dup7@example.com'")} FROM unnest(ARRAY['DUP7@example.com', 'dup7@EXAMPLE.com ', 'dUp7@example.com']) raw`);
    const d = await duplicates("email");
    expect(d.groups).toBeGreaterThan(200);
    expect(d.examples[0]).toMatchObject({ value: "dup7@example.com", spellings: expect.arrayContaining(["DUP7@example.com"]) });
    await expectAgreement();
  });

  it("include the demo seeder's bulk load, which skips triggers", async () => {
    await pool().query(`SELECT setval(pg_get_serial_sequence('profiles', 'id'), (SELECT max(id) FROM profiles))`);
    await seedDemo({ profiles: 300, days: 20, seed: 3 });
    await expectAgreement();
    expect((await shown()).events24h).toBeGreaterThan(0);
  });
});
