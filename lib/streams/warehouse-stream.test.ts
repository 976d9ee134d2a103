import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { startDeliveryLoop } from "@/lib/delivery/delivery-loop";
import { listDeadLetters } from "@/lib/delivery/dead-letters";
import { endpointFigures } from "@/lib/delivery/endpoint-figures";
import { fanOutEvents } from "@/lib/streams/fanout";
import { replayRange } from "@/lib/streams/replay-range";
import { streamSender } from "@/lib/streams/stream-sender";
import { makeWarehouseStream, storeEngagement } from "@/lib/streams/testing/stream-fixtures";
import { closeWarehouseEventPools } from "@/lib/streams/warehouse-writer";

// A warehouse stream end to end: events stored through ingest, fanned out, batched by the ledger
// and written by the warehouse writer into a second database on the same server (as a customer's
// Postgres would be), then a backfill from history, and a table the warehouse cannot take.

const warehouseDb = `wh_${randomBytes(5).toString("hex")}`;
let warehouseUrl = "";
let warehouse: pg.Pool;
let stop: (() => Promise<void>) | null = null;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
};
const run = () => (stop = startDeliveryLoop({ feeders: [fanOutEvents], senders: [streamSender], idleMs: 20 }));
const figuresOf = async (id: string) => (await endpointFigures([id])).get(id)!;
const rowsIn = async (table: string) =>
  (await warehouse.query<{ event_id: string; n: number }>(`SELECT event_id, count(*)::int AS n FROM ${table} GROUP BY event_id`)).rows;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin(`CREATE DATABASE "${warehouseDb}"`);
  const u = new URL(process.env.TEST_PG_ADMIN_URL!);
  u.pathname = `/${warehouseDb}`;
  warehouseUrl = u.toString();
  warehouse = new pg.Pool({ connectionString: warehouseUrl, max: 2 });
});
afterEach(async () => {
  await stop?.();
  stop = null;
  await pool().query(`DELETE FROM event_streams; DELETE FROM delivery_endpoints`);
});
afterAll(async () => {
  await closeWarehouseEventPools();
  await warehouse.end();
  await admin(`DROP DATABASE IF EXISTS "${warehouseDb}" WITH (FORCE)`);
});

describe("warehouse stream end to end", () => {
  it("writes forwarded events into the typed table, and a backfill of history adds each missing event exactly once", async () => {
    // History: stored before the stream existed, so not forwarded until someone backfills.
    const history = await storeEngagement(Array.from({ length: 30 }, (_, i) => ({ person: i % 5, name: "email_sent" })));
    const stream = await makeWarehouseStream({
      connectionString: warehouseUrl,
      settings: { schema: "analytics", table: "engagement", batchSize: 20 },
    });
    const live = await storeEngagement(
      Array.from({ length: 45 }, (_, i) => ({
        person: i % 9,
        name: i % 3 ? "email_opened" : "email_clicked",
        props: { href: "https://shop.example/a" },
      })),
    );
    await storeEngagement([{ person: 1, name: "page_viewed" }]); // not in the selector
    run();
    await until("live events written", async () => (await figuresOf(stream.id)).delivered24h === live.length);
    let rows = await rowsIn("analytics.engagement");
    expect(rows.map((r) => r.event_id).sort()).toEqual([...live].sort());

    const [row] = (await warehouse.query(`SELECT * FROM analytics.engagement WHERE event_id = $1`, [live[1]])).rows as Record<
      string,
      unknown
    >[];
    expect(row).toMatchObject({
      name: "email_opened",
      person_external_id: "u1",
      email: "u1@example.com",
      campaign_id: "7",
      message_id: "dlv_1",
      channel: "email",
      link: "https://shop.example/a",
    });
    expect(row!.occurred_at).toBeInstanceOf(Date);
    // An open without its own sent_at carries the time of the same message's stored sent event.
    expect(row!.sent_at).toBeInstanceOf(Date);

    // Backfill the whole range: history is added, the live events (already there) are skipped.
    const from = new Date(Date.now() - 10 * 60_000);
    const to = new Date(Date.now() + 60_000);
    expect(await replayRange(stream.id, from, to)).toEqual({ queued: history.length + live.length });
    await until("backfill written", async () => (await rowsIn("analytics.engagement")).length === history.length + live.length);
    await until("outbox empty", async () => (await figuresOf(stream.id)).queued === 0);
    // Again: idempotent, still one row per event.
    await replayRange(stream.id, from, to);
    await until("outbox empty again", async () => (await figuresOf(stream.id)).queued === 0);
    rows = await rowsIn("analytics.engagement");
    expect(rows.map((r) => r.event_id).sort()).toEqual([...history, ...live].sort());
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    const excerpts = await pool().query<{ response_excerpt: string }>(
      `SELECT response_excerpt FROM delivery_attempts WHERE endpoint_id = $1 AND outcome = 'delivered' ORDER BY id DESC LIMIT 1`,
      [stream.id],
    );
    expect(excerpts.rows[0]!.response_excerpt).toMatch(/0 rows added to analytics\.engagement; \d+ already there/);
    expect(await figuresOf(stream.id)).toMatchObject({ queued: 0, dead: 0 });
  });

  it("dead-letters a batch the warehouse refuses (an incompatible table), with the reason shown", async () => {
    await warehouse.query(`CREATE SCHEMA bad; CREATE TABLE bad.engagement (event_id text PRIMARY KEY, name text NOT NULL)`);
    const stream = await makeWarehouseStream({
      connectionString: warehouseUrl,
      settings: { schema: "bad", table: "engagement", retrySchedule: [0] },
    });
    const ids = await storeEngagement([
      { person: 1, name: "email_opened" },
      { person: 2, name: "email_clicked" },
    ]);
    run();
    await until("dead", async () => (await figuresOf(stream.id)).dead === ids.length);
    const { deadLetters } = await listDeadLetters(stream.id, { limit: 10 });
    expect(deadLetters.map((d) => `evt_${d.eventId}`).sort()).toEqual([...ids].sort());
    for (const d of deadLetters) {
      expect(d.lastError).toMatch(/^bad\.engagement has no columns occurred_at, received_at, .*choose another table name/);
      expect(d.attempts).toBe(2);
    }
    // Downstream never alters a table it did not create.
    const cols = await warehouse.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'bad' ORDER BY ordinal_position`,
    );
    expect(cols.rows.map((c) => c.column_name)).toEqual(["event_id", "name"]);
    expect((await warehouse.query(`SELECT count(*)::int AS n FROM bad.engagement`)).rows[0].n).toBe(0);
  });
});
