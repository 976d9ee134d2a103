import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { forwardedEventSchema, type ForwardedEvent } from "@/lib/streams/forwarded-event";
import { warehouseStreamSettingsSchema, type WarehouseStreamSettings } from "@/lib/streams/stream-schemas";
import { checkWarehouse, closeWarehouseEventPools, writeWarehouseEvents } from "@/lib/streams/warehouse-writer";

// The stream writes into schemas of this file's own test database through a connection string, as
// it would into a customer's Postgres; other users are real roles on the same server.

const url = () => process.env.DATABASE_URL!;
const creds = (connectionString = url()) => ({ connectionString });
const settings = (extra: Partial<WarehouseStreamSettings> = {}): WarehouseStreamSettings => warehouseStreamSettingsSchema.parse(extra);
const q = async (sql: string, params: unknown[] = []) => (await pool().query(sql, params)).rows;

const roles: string[] = [];
async function makeRole(opts: string = ""): Promise<{ name: string; url: string }> {
  const name = `wh_${randomBytes(5).toString("hex")}`;
  await pool().query(`CREATE ROLE ${name} LOGIN PASSWORD 'pw-${name}' ${opts}`);
  roles.push(name);
  const u = new URL(url());
  u.username = name;
  u.password = `pw-${name}`;
  return { name, url: u.toString() };
}

afterAll(async () => {
  await closeWarehouseEventPools();
  for (const r of roles) {
    await pool().query(`DROP OWNED BY ${r}`);
    await pool().query(`DROP ROLE ${r}`);
  }
});

let n = 0;
function event(over: Partial<ForwardedEvent> = {}, person: Partial<ForwardedEvent["person"]> = {}): ForwardedEvent {
  n++;
  return forwardedEventSchema.parse({
    id: `evt_${n}_${randomBytes(3).toString("hex")}`,
    name: "email_opened",
    occurred_at: "2026-03-01T10:00:00.000Z",
    received_at: "2026-03-01T10:00:02.500Z",
    person: {
      external_id: `crm-${n}`,
      anonymous_id: null,
      email: `p${n}@example.com`,
      phone: "+14155550100",
      email_sha256: "a".repeat(64),
      phone_sha256: "b".repeat(64),
      ...person,
    },
    campaign_id: "12",
    message_id: `dlv_${n}`,
    journey_id: "wf_3",
    action_id: "act_9",
    variation: "B",
    sent_at: "2026-03-01T09:59:00.000Z",
    channel: "email",
    link: null,
    reason: null,
    properties: { subject: "Spring sale" },
    ...over,
  });
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

describe("warehouse stream writer", () => {
  it("creates the schema and a typed table with the documented columns, keys and indexes", async () => {
    const s = settings({ schema: "wh_create", table: "engagement_events" });
    const batch = [event(), event({ name: "email_clicked", link: "https://shop.example/sale" })];
    expect(await writeWarehouseEvents(s, creds(), batch)).toEqual({
      kind: "delivered",
      excerpt: "2 rows added to wh_create.engagement_events.",
    });

    const cols = await q(
      `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'wh_create' AND table_name = 'engagement_events' ORDER BY ordinal_position`,
    );
    const shape = Object.fromEntries(cols.map((c) => [c.column_name, `${c.data_type}${c.is_nullable === "NO" ? " not null" : ""}`]));
    const ts = "timestamp with time zone";
    expect(shape).toEqual({
      event_id: "text not null",
      name: "text not null",
      occurred_at: `${ts} not null`,
      received_at: `${ts} not null`,
      person_external_id: "text",
      person_anonymous_id: "text",
      email: "text",
      phone: "text",
      email_sha256: "text",
      phone_sha256: "text",
      campaign_id: "text",
      message_id: "text",
      journey_id: "text",
      action_id: "text",
      variation: "text",
      sent_at: ts,
      channel: "text",
      link: "text",
      reason: "text",
      properties: "jsonb not null",
      forwarded_at: `${ts} not null`,
    });
    expect(cols.find((c) => c.column_name === "forwarded_at")!.column_default).toBe("now()");
    const pk = await q(
      `SELECT kcu.column_name FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu USING (constraint_schema, constraint_name)
       WHERE tc.table_schema = 'wh_create' AND tc.table_name = 'engagement_events' AND tc.constraint_type = 'PRIMARY KEY'`,
    );
    expect(pk).toEqual([{ column_name: "event_id" }]);
    const indexes = (await q(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'wh_create' AND tablename = 'engagement_events'`)).map(
      (r) => r.indexdef.replace(/^.* USING btree /, ""),
    );
    expect(indexes.sort()).toEqual(["(campaign_id)", "(event_id)", "(name, occurred_at)"]);

    const [row] = await q(`SELECT * FROM wh_create.engagement_events WHERE event_id = $1`, [batch[1]!.id]);
    expect(row).toMatchObject({
      name: "email_clicked",
      person_external_id: batch[1]!.person.external_id,
      email: batch[1]!.person.email,
      campaign_id: "12",
      message_id: batch[1]!.message_id,
      journey_id: "wf_3",
      variation: "B",
      channel: "email",
      link: "https://shop.example/sale",
      properties: { subject: "Spring sale" },
    });
    expect((row.occurred_at as Date).toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect((row.sent_at as Date).toISOString()).toBe("2026-03-01T09:59:00.000Z");
    expect(row.forwarded_at).toBeInstanceOf(Date);
  });

  it("is idempotent: a retried or replayed batch leaves exactly one row per event", async () => {
    const s = settings({ schema: "wh_idem" });
    const batch = [event(), event(), event()];
    expect(await writeWarehouseEvents(s, creds(), batch)).toMatchObject({ kind: "delivered" });
    expect(await writeWarehouseEvents(s, creds(), batch)).toEqual({
      kind: "delivered",
      excerpt: "0 rows added to wh_idem.engagement_events; 3 already there.",
    });
    const later = event();
    expect(await writeWarehouseEvents(s, creds(), [batch[2]!, later, later])).toEqual({
      kind: "delivered",
      excerpt: "1 row added to wh_idem.engagement_events; 2 already there.",
    });
    const ids = await q(`SELECT event_id, count(*)::int AS n FROM wh_idem.engagement_events GROUP BY event_id ORDER BY event_id`);
    expect(ids).toEqual([...batch, later].map((e) => ({ event_id: e.id, n: 1 })).sort((a, b) => a.event_id.localeCompare(b.event_id)));
  });

  it("stores odd values as sent: unicode, huge properties, null person fields", async () => {
    const s = settings({ schema: "wh_odd", table: "events" });
    const huge = { items: Array.from({ length: 20_000 }, (_, i) => ({ sku: `sku-${i}`, title: "Ünïcödé — 雨 🌧️", qty: i })) };
    const odd = [
      event({ name: "página_vista 🚀", reason: "‮RTL‬ and combining é and 'quotes' \"; DROP TABLE x; --" }),
      event({ properties: huge }),
      event(
        { campaign_id: null, message_id: null, journey_id: null, action_id: null, variation: null, sent_at: null, channel: null },
        { external_id: null, email: null, phone: null, email_sha256: null, phone_sha256: null, anonymous_id: "anon-😀" },
      ),
      event({ properties: { nested: { deep: [1, 2.5, true, null, "\\u0041"] }, empty: {}, big: 12345678901234567890 } }),
    ];
    expect(JSON.stringify(huge).length).toBeGreaterThan(1_000_000);
    expect(await writeWarehouseEvents(s, creds(), odd)).toMatchObject({ kind: "delivered", excerpt: "4 rows added to wh_odd.events." });
    const rows = await q(`SELECT * FROM wh_odd.events`);
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    expect(byId.get(odd[0]!.id)).toMatchObject({ name: odd[0]!.name, reason: odd[0]!.reason });
    expect(byId.get(odd[1]!.id)!.properties).toEqual(huge);
    expect(byId.get(odd[2]!.id)).toMatchObject({
      person_external_id: null,
      person_anonymous_id: "anon-😀",
      email: null,
      phone: null,
      sent_at: null,
      campaign_id: null,
      properties: { subject: "Spring sale" },
    });
    expect(byId.get(odd[3]!.id)!.properties).toEqual(odd[3]!.properties);
  });

  it("stores a batch whole or not at all: one event the database refuses keeps the rest out, and says split", async () => {
    const s = settings({ schema: "wh_atomic" });
    // Ingest refuses NUL, so this cannot arrive from Downstream's own events; a warehouse refusing data looks like this.
    const outcome = await writeWarehouseEvents(s, creds(), [event(), event({ properties: { bad: "a\u0000b" } }), event()]);
    expect(outcome).toMatchObject({ kind: "failed", answered: true, excerpt: "SQLSTATE 22P05" });
    expect(outcome.kind === "failed" && outcome.error).toBe("The warehouse refused an event's data (SQLSTATE 22P05).");
    expect(await q(`SELECT count(*)::int AS n FROM wh_atomic.engagement_events`)).toEqual([{ n: 0 }]);
  });

  it("is safe when several workers create the same table at once", async () => {
    const s = (timeoutMs: number) => settings({ schema: "wh_race", table: "events", timeoutMs });
    // Different timeouts are different pools: none knows the table was made by another.
    const batches = [1_000, 2_000, 3_000, 4_000, 5_000].map((ms) => ({ ms, events: [event(), event()] }));
    const outcomes = await Promise.all(batches.map((b) => writeWarehouseEvents(s(b.ms), creds(), b.events)));
    expect(outcomes.map((o) => o.kind)).toEqual(["delivered", "delivered", "delivered", "delivered", "delivered"]);
    expect(await q(`SELECT count(*)::int AS n FROM wh_race.events`)).toEqual([{ n: 10 }]);
  });

  it("creates the table again when someone dropped it", async () => {
    const s = settings({ schema: "wh_dropped" });
    expect(await writeWarehouseEvents(s, creds(), [event()])).toMatchObject({ kind: "delivered" });
    await pool().query("DROP SCHEMA wh_dropped CASCADE");
    const again = event();
    expect(await writeWarehouseEvents(s, creds(), [again])).toMatchObject({ kind: "delivered" });
    expect(await q(`SELECT event_id FROM wh_dropped.engagement_events`)).toEqual([{ event_id: again.id }]);
  });

  it("refuses a wrong password in the user's words, and says so when checking", async () => {
    const role = await makeRole();
    const bad = new URL(role.url);
    bad.password = "wrong";
    const outcome = await writeWarehouseEvents(settings({ schema: "wh_auth" }), creds(bad.toString()), [event()]);
    expect(outcome).toMatchObject({ kind: "failed", answered: false });
    expect(outcome.kind === "failed" && outcome.error).toMatch(/^The warehouse refused the user name or password/);
    expect(JSON.stringify(outcome)).not.toContain("wrong");
    expect(await checkWarehouse(settings({ schema: "wh_auth" }), creds(bad.toString()))).toEqual({
      ok: false,
      field: "connectionString",
      message: "The warehouse refused the user name or password: check them in the Connection string.",
    });
  });

  it("reports a closed port and a refused address as unreachable, naming the Connection string", async () => {
    const port = await closedPort();
    const cs = `postgresql://someone:s3cret-pw@127.0.0.1:${port}/db`;
    const outcome = await writeWarehouseEvents(settings({ timeoutMs: 2_000 }), creds(cs), [event()]);
    expect(outcome).toEqual({
      kind: "unreachable",
      error: "The warehouse refused the connection: check the host and port in the Connection string.",
    });
    expect(await checkWarehouse(settings({ timeoutMs: 2_000 }), creds(cs))).toMatchObject({ ok: false, field: "connectionString" });

    const malformed = await checkWarehouse(settings(), creds("postgresql://u:s3cret-pw@[::1/db"));
    expect(malformed).toEqual({
      ok: false,
      field: "connectionString",
      message: "Downstream could not connect with the Connection string: check its form (postgresql://user:password@host:5432/database).",
    });
    expect(JSON.stringify(malformed)).not.toContain("s3cret-pw");

    // A private address the egress policy does not allow is never connected to.
    const internal = await writeWarehouseEvents(settings({ timeoutMs: 2_000 }), creds("postgresql://u:s3cret-pw@10.1.2.3:5432/db"), [
      event(),
    ]);
    expect(internal.kind).toBe("unreachable");
    expect(internal.kind === "unreachable" && internal.error).toMatch(/private or internal address.*Connection string.*EGRESS_ALLOW/);
    expect(JSON.stringify(internal)).not.toContain("s3cret-pw");
  });

  it("refuses an existing table of another shape, naming the table and column, and never alters it", async () => {
    await pool().query(`CREATE SCHEMA wh_shape`);
    await pool().query(
      `CREATE TABLE wh_shape.engagement_events (event_id text PRIMARY KEY, name text NOT NULL, occurred_at timestamptz NOT NULL)`,
    );
    const s = settings({ schema: "wh_shape" });
    const outcome = await writeWarehouseEvents(s, creds(), [event()]);
    expect(outcome).toMatchObject({ kind: "failed", answered: false });
    expect(outcome.kind === "failed" && outcome.error).toMatch(
      /^wh_shape\.engagement_events has no columns received_at, person_external_id, .*sent_at.*;/,
    );
    const check = await checkWarehouse(s, creds());
    expect(check).toMatchObject({ ok: false, field: "table" });
    expect(!check.ok && check.message).toContain("wh_shape.engagement_events has no columns");
    expect(await q(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'wh_shape'`)).toEqual([{ n: 3 }]);

    // A table made by us, then one column changed by someone: the next write says which.
    const ok = settings({ schema: "wh_shape", table: "changed" });
    expect(await writeWarehouseEvents(ok, creds(), [event()])).toMatchObject({ kind: "delivered" });
    await pool().query(`ALTER TABLE wh_shape.changed ALTER COLUMN sent_at TYPE text`);
    expect(await checkWarehouse(ok, creds())).toEqual({
      ok: false,
      field: "table",
      message: "wh_shape.changed has column sent_at as text, not timestamp with time zone; change it, or choose another table name.",
    });
    await pool().query(`ALTER TABLE wh_shape.changed ALTER COLUMN sent_at TYPE timestamptz USING sent_at::timestamptz`);
    expect(await checkWarehouse(ok, creds())).toEqual({ ok: true });

    // Right columns but no unique key on event_id: ON CONFLICT could not keep events single.
    await pool().query(`CREATE TABLE wh_shape.no_key (LIKE wh_shape.changed INCLUDING DEFAULTS)`);
    const noKey = await writeWarehouseEvents(settings({ schema: "wh_shape", table: "no_key" }), creds(), [event()]);
    expect(noKey.kind === "failed" && noKey.error).toMatch(/^wh_shape\.no_key has no primary key or unique index on event_id/);
  });

  it("cannot be steered into other SQL through the schema or table name", async () => {
    await pool().query(`CREATE TABLE public.wh_canary (id int)`);
    const evil = [`x"; DROP TABLE public.wh_canary; --`, "Events", "events;drop", "a".repeat(49), "évents"];
    for (const name of evil) {
      expect(warehouseStreamSettingsSchema.safeParse({ table: name }).success).toBe(false);
      expect(warehouseStreamSettingsSchema.safeParse({ schema: name }).success).toBe(false);
      // Even past the schema (settings cast from storage), the writer refuses rather than splice it.
      const forged = { ...settings(), table: name };
      expect(await writeWarehouseEvents(forged, creds(), [event()])).toMatchObject({ kind: "failed", answered: false });
      expect(await checkWarehouse(forged, creds())).toMatchObject({ ok: false, field: "table" });
      expect(await checkWarehouse({ ...settings(), schema: name }, creds())).toMatchObject({ ok: false, field: "schema" });
    }
    expect(await q(`SELECT to_regclass('public.wh_canary') IS NOT NULL AS there`)).toEqual([{ there: true }]);
    // Reserved words are fine names: they are quoted.
    const reserved = settings({ schema: "select", table: "order" });
    expect(await writeWarehouseEvents(reserved, creds(), [event()])).toMatchObject({ kind: "delivered" });
    expect(await q(`SELECT count(*)::int AS n FROM "select"."order"`)).toEqual([{ n: 1 }]);
  });

  it("names what a user without privileges cannot do, and checks without leaving rows", async () => {
    const role = await makeRole();
    const s = settings({ schema: "wh_priv" });
    expect(await checkWarehouse(s, creds(role.url))).toEqual({
      ok: false,
      field: "schema",
      message: "The warehouse user may not create the schema wh_priv: create it, or grant the user CREATE on the database.",
    });
    await pool().query(`CREATE SCHEMA wh_priv`);
    expect(await checkWarehouse(s, creds(role.url))).toEqual({
      ok: false,
      field: "schema",
      message:
        "The warehouse user may not create tables in the schema wh_priv: grant it CREATE on the schema, or create wh_priv.engagement_events yourself.",
    });
    // CREATE on the existing schema is enough to make the table (no CREATE on the database needed).
    await pool().query(`GRANT USAGE, CREATE ON SCHEMA wh_priv TO ${role.name}`);
    expect(await checkWarehouse(settings({ schema: "wh_priv", table: "own_events" }), creds(role.url))).toEqual({ ok: true });
    expect(await q(`SELECT tableowner FROM pg_tables WHERE schemaname = 'wh_priv' AND tablename = 'own_events'`)).toEqual([
      { tableowner: role.name },
    ]);
    await pool().query(`REVOKE CREATE ON SCHEMA wh_priv FROM ${role.name}`);

    // A table someone else made, which the user may read but not write.
    expect(await writeWarehouseEvents(s, creds(), [event()])).toMatchObject({ kind: "delivered" });
    await pool().query(`GRANT USAGE ON SCHEMA wh_priv TO ${role.name}; GRANT SELECT ON wh_priv.engagement_events TO ${role.name}`);
    const refused = await writeWarehouseEvents(s, creds(role.url), [event()]);
    expect(refused).toEqual({
      kind: "failed",
      answered: false,
      excerpt: "SQLSTATE 42501",
      error: "The warehouse user may not write to wh_priv.engagement_events: grant it USAGE on the schema and INSERT on the table.",
    });
    expect(await checkWarehouse(s, creds(role.url))).toMatchObject({ ok: false, field: "table" });

    // INSERT alone is enough (no CREATE): the check passes and its probe row is rolled back.
    await pool().query(`GRANT INSERT ON wh_priv.engagement_events TO ${role.name}`);
    expect(await checkWarehouse(s, creds(role.url))).toEqual({ ok: true });
    expect(await q(`SELECT count(*)::int AS n FROM wh_priv.engagement_events`)).toEqual([{ n: 1 }]);
    expect(await writeWarehouseEvents(s, creds(role.url), [event()])).toMatchObject({ kind: "delivered" });
    expect(await q(`SELECT count(*)::int AS n FROM wh_priv.engagement_events`)).toEqual([{ n: 2 }]);
  });

  it("slows down when the warehouse has no connection to spare", async () => {
    const role = await makeRole("CONNECTION LIMIT 0");
    const outcome = await writeWarehouseEvents(settings({ schema: "wh_busy" }), creds(role.url), [event()]);
    expect(outcome).toMatchObject({ kind: "throttled", excerpt: "SQLSTATE 53300" });
  });

  it("reports a write that outlasts the stream's timeout as a timeout", async () => {
    const s = settings({ schema: "wh_slow", timeoutMs: 1_000 });
    expect(await writeWarehouseEvents(s, creds(), [event()])).toMatchObject({ kind: "delivered" });
    const blocker = new pg.Client({ connectionString: url() });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE wh_slow.engagement_events IN ACCESS EXCLUSIVE MODE");
      const outcome = await writeWarehouseEvents(s, creds(), [event()]);
      expect(outcome).toEqual({
        kind: "timeout",
        error: "The warehouse did not finish writing to wh_slow.engagement_events within 1 s (the stream's timeout).",
      });
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
    // The pool recovers: the next write goes through.
    expect(await writeWarehouseEvents(s, creds(), [event()])).toMatchObject({ kind: "delivered" });
  });
});
