import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProfileCount } from "@/lib/demo/generate";
import { countProfiles, resetDemoData, seedDemo, type SeedResult } from "@/lib/demo/seed";

// Against a real Postgres (the test harness gives this file its own migrated database).
const url = () => process.env.DATABASE_URL!;
const PROFILES = 2000;
const DAYS = 60;
const NOW = new Date("2026-11-20T18:30:00.000Z");
const options = { profiles: PROFILES, days: DAYS, seed: 7, now: NOW };

let client: pg.Client;
const q = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows;
const n = async (sql: string, params: unknown[] = []) => Number((await q<{ n: string }>(sql, params))[0]!.n);

// Text casts keep the comparison free of the client's time zone and JSON key order.
const firstRows = async () => ({
  profiles: await q(`SELECT id, external_id, anonymous_ids, email_raw, email, phone_raw, phone, phone_error, attributes::text AS attributes,
                            is_test, first_seen_at::text AS first_seen_at, last_seen_at::text AS last_seen_at FROM profiles ORDER BY id LIMIT 5`),
  events: await q(
    `SELECT id, profile_id, name, properties::text AS properties, message_id, occurred_at::text AS occurred_at FROM events ORDER BY id LIMIT 20`,
  ),
});

const indexDefs = () =>
  q<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename IN ('profiles', 'events') ORDER BY indexname`);

let first: SeedResult;
let migratedIndexes: { indexdef: string }[];

beforeAll(async () => {
  client = new pg.Client({ connectionString: url() });
  await client.connect();
  migratedIndexes = await indexDefs();
  first = await seedDemo({ ...options, databaseUrl: url() });
});

const role = `seeder_${Math.random().toString(36).slice(2, 8)}`;

afterAll(async () => {
  await client?.query(`DROP OWNED BY ${role}`).catch(() => {});
  await client?.query(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
  await client?.end();
});

describe("seedDemo", () => {
  it("is deterministic for a seed: same counts and same rows after a reset", async () => {
    expect(first.profiles).toBe(PROFILES);
    expect(first.events).toBeGreaterThan(PROFILES * 10);
    expect(await countProfiles(url())).toBe(PROFILES);
    expect(await n("SELECT count(*) AS n FROM events")).toBe(first.events);
    const before = await firstRows();

    await resetDemoData(url());
    const again = await seedDemo({ ...options, databaseUrl: url() });
    expect({ profiles: again.profiles, events: again.events, idRange: again.idRange }).toEqual({
      profiles: first.profiles,
      events: first.events,
      idRange: [1, PROFILES],
    });
    expect(await firstRows()).toEqual(before);
  });

  it("leaves every index exactly as migrated (they are dropped and rebuilt around the bulk load)", async () => {
    expect(migratedIndexes.map((i) => i.indexdef).join("\n")).toContain("events_name_occurred_at_idx");
    expect(await indexDefs()).toEqual(migratedIndexes);
  });

  it("records anonymous ids as aliases, as ingest does", async () => {
    expect(await n(`SELECT count(*) AS n FROM profile_aliases`)).toBeGreaterThan(PROFILES / 2);
    expect(
      await n(
        `SELECT count(*) AS n FROM profile_aliases a JOIN profiles p ON p.id = a.profile_id WHERE NOT a.anonymous_id = ANY (p.anonymous_ids)`,
      ),
    ).toBe(0);
  });

  it("has messy identities, normalized and hashed", async () => {
    expect(await n(`SELECT count(*) AS n FROM profiles WHERE email_raw <> email`)).toBeGreaterThan(50);
    expect(await n(`SELECT count(*) AS n FROM profiles WHERE email_raw <> btrim(email_raw, E' \\t\\n')`)).toBeGreaterThan(10);
    expect(
      await n(
        `SELECT count(*) AS n FROM profiles WHERE email_raw IS NOT NULL AND email IS NULL AND email_sha256 IS NULL AND email_error IS NOT NULL`,
      ),
    ).toBeGreaterThan(0); // invalid
    expect(await n(`SELECT count(*) AS n FROM profiles WHERE email IS NULL AND email_sha256 ~ '^[0-9a-f]{64}$'`)).toBeGreaterThan(0); // pre-hashed
    expect(
      await n(`SELECT count(*) AS n FROM (SELECT email FROM profiles WHERE email IS NOT NULL GROUP BY email HAVING count(*) > 1) d`),
    ).toBeGreaterThan(0);
    expect(
      await n(`SELECT count(*) AS n FROM profiles WHERE phone_valid = false AND phone_error IS NOT NULL AND phone IS NULL`),
    ).toBeGreaterThan(10);
    expect(
      await n(`SELECT count(*) AS n FROM profiles WHERE phone_raw ~ '^\\(\\d{3}\\) \\d{3}-\\d{4}$' AND phone ~ '^\\+1\\d{10}$'`),
    ).toBeGreaterThan(10);
    expect(await n(`SELECT count(*) AS n FROM profiles WHERE phone_raw ~ '^0' AND phone ~ '^\\+(44|61|49)'`)).toBeGreaterThan(10);
    expect(await n(`SELECT count(*) AS n FROM profiles WHERE email_raw IS NULL`)).toBeGreaterThan(50);
    expect(await n(`SELECT count(*) AS n FROM profiles WHERE phone_raw IS NULL AND phone_valid IS NULL`)).toBeGreaterThan(300);
    // Hashes are of the normalized value, exactly.
    expect(
      await n(
        `SELECT count(*) AS n FROM profiles WHERE email IS NOT NULL AND email_sha256 IS DISTINCT FROM encode(sha256(convert_to(email, 'UTF8')), 'hex')`,
      ),
    ).toBe(0);
    expect(
      await n(
        `SELECT count(*) AS n FROM profiles WHERE phone IS NOT NULL AND phone_sha256 IS DISTINCT FROM encode(sha256(convert_to(phone, 'UTF8')), 'hex')`,
      ),
    ).toBe(0);
  });

  it("flags the internal QA profiles as test profiles", async () => {
    const rows = await q<{ email: string }>(`SELECT email FROM profiles WHERE is_test ORDER BY id`);
    expect(rows.map((r) => r.email)).toEqual(
      Array.from({ length: testProfileCount(PROFILES) }, (_, i) => `qa+${String(i + 1).padStart(2, "0")}@downstream.test`),
    );
  });

  it("shapes commerce events as a funnel, all inside the window", async () => {
    const counts = Object.fromEntries(
      (await q<{ name: string; n: string }>(`SELECT name, count(*) AS n FROM events GROUP BY name`)).map((r) => [r.name, Number(r.n)]),
    );
    expect(counts.order_completed).toBeGreaterThan(0);
    expect(counts.order_completed).toBeLessThan(counts.checkout_started!);
    expect(counts.checkout_started).toBeLessThan(counts.added_to_cart!);
    expect(counts.added_to_cart).toBeLessThan(counts.product_viewed!);
    for (const name of [
      "email_sent",
      "email_delivered",
      "email_opened",
      "email_clicked",
      "email_bounced",
      "email_unsubscribed",
      "sms_sent",
      "sms_clicked",
    ]) {
      expect(counts[name], name).toBeGreaterThan(0);
    }
    const [range] = await q<{ min: number; max: number }>(
      `SELECT extract(epoch FROM min(occurred_at))::float8 AS min, extract(epoch FROM max(occurred_at))::float8 AS max FROM events`,
    );
    expect(range!.min * 1000).toBeGreaterThanOrEqual(NOW.getTime() - DAYS * 86_400_000);
    expect(range!.max * 1000).toBeLessThanOrEqual(NOW.getTime());
    expect(range!.max * 1000).toBeGreaterThan(NOW.getTime() - 3_600_000); // something happened in the last hour
  });

  it("makes the showcase segments non-empty", async () => {
    const now = `'${NOW.toISOString()}'::timestamptz AT TIME ZONE 'UTC'`;
    // The "Checkout started, no purchase in 2 hours" template: in the last 3 days, at least 2 hours ago.
    const abandoned = await n(`SELECT count(DISTINCT c.profile_id) AS n FROM events c WHERE c.name = 'checkout_started'
      AND c.occurred_at >= ${now} - interval '3 days' AND c.occurred_at <= ${now} - interval '2 hours'
      AND NOT EXISTS (SELECT 1 FROM events o WHERE o.profile_id = c.profile_id AND o.name = 'order_completed' AND o.occurred_at >= c.occurred_at)`);
    const recentBuyers = await n(
      `SELECT count(DISTINCT profile_id) AS n FROM events WHERE name = 'order_completed' AND occurred_at >= ${now} - interval '7 days'`,
    );
    const winback =
      await n(`SELECT count(*) AS n FROM profiles p WHERE (p.attributes->>'last_purchase_at')::timestamptz < ${now} - interval '90 days'
      AND EXISTS (SELECT 1 FROM events e WHERE e.profile_id = p.id AND e.name = 'email_clicked' AND e.occurred_at >= ${now} - interval '30 days')`);
    expect({ abandoned: abandoned > 5, recentBuyers: recentBuyers > 5, winback: winback > 5 }).toEqual({
      abandoned: true,
      recentBuyers: true,
      winback: true,
    });
  });

  it("appends to a non-empty database with fresh ids and unique message ids", async () => {
    const more = await seedDemo({ ...options, profiles: 50, seed: 8, databaseUrl: url() });
    expect(more.idRange).toEqual([PROFILES + 1, PROFILES + 50]);
    expect(await countProfiles(url())).toBe(PROFILES + 50);
    expect(await n(`SELECT count(*) AS n FROM events WHERE profile_id > $1`, [PROFILES])).toBe(more.events);
  });

  it("works as an ordinary role: keeps FK checks (profiles commit before events) and the indexes", async () => {
    await client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'seeder'`);
    // Row privileges only (no ownership): what an application role typically has. Tables that
    // triggers on events maintain need them too, since triggers run as the inserting role.
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await client.query(`GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    const asRole = new URL(url());
    [asRole.username, asRole.password] = [role, "seeder"];
    const before = await countProfiles(url());
    const result = await seedDemo({ ...options, profiles: 40, seed: 9, databaseUrl: asRole.toString() });
    expect({ fkChecks: result.fkChecks, indexRebuildMs: result.indexRebuildMs, profiles: result.profiles }).toEqual({
      fkChecks: true,
      indexRebuildMs: expect.any(Number),
      profiles: 40,
    });
    expect(await countProfiles(url())).toBe(before + 40);
    expect(await n(`SELECT count(*) AS n FROM events WHERE profile_id BETWEEN $1 AND $2`, result.idRange!)).toBe(result.events);
    expect(await indexDefs()).toEqual(migratedIndexes);
  });
});
