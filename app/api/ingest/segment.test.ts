import { Analytics } from "@segment/analytics-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { pool } from "@/lib/db";
import type { RouteServer } from "@/lib/ingest/testing/route-server";
import { createSource, revokeSource } from "@/lib/sources/manage-sources";
import { startIngestServer } from "./ingest-routes";

// The real @segment/analytics-node client against the real route handlers, then what was stored.
let server: RouteServer;
let writeKey: string;
let sourceId: string;

beforeAll(async () => {
  server = await startIngestServer();
  const source = await createSource(systemActor("test"), { name: "Web app" });
  writeKey = source.writeKey;
  sourceId = source.id;
});
afterAll(() => server.close());

const client = (key = writeKey) => {
  const analytics = new Analytics({
    writeKey: key,
    host: server.origin,
    path: "/api/ingest/v1/batch",
    flushAt: 50,
    flushInterval: 200,
    maxRetries: 0,
  });
  const statuses: number[] = [];
  analytics.on("http_response", (r) => statuses.push(r.status));
  return { analytics, statuses };
};
const post = (path: string, body: unknown, key: string | null = writeKey) =>
  fetch(`${server.origin}/api/ingest/v1/${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key ? { authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const q = async (sql: string, params: unknown[] = []) => (await pool().query(sql, params)).rows;

describe("Segment tracking API with @segment/analytics-node", () => {
  it("stores identify, track, page, screen, group and alias calls and applies the identity rules", async () => {
    const { analytics, statuses } = client();
    analytics.track({ anonymousId: "anon-web-1", event: "Viewed Product", properties: { sku: "A1" } });
    analytics.identify({
      userId: "crm-1",
      anonymousId: "anon-web-1",
      traits: { email: "  Jane.Doe@Example.COM", phone: "(415) 555-0134", plan: "pro" },
    });
    analytics.track({ userId: "crm-1", event: "Order Completed", properties: { total: 42.5 } });
    analytics.page({ userId: "crm-1", name: "Pricing", properties: { path: "/pricing" } });
    analytics.screen({ userId: "crm-1", name: "Home" });
    analytics.group({ userId: "crm-1", groupId: "acme", traits: { plan: "enterprise" } });
    analytics.track({ anonymousId: "anon-web-2", event: "Viewed Pricing" });
    analytics.alias({ userId: "crm-1", previousId: "anon-web-2" });
    await analytics.closeAndFlush();
    expect(statuses.every((s) => s === 200)).toBe(true);

    const [p] = await q(`SELECT * FROM profiles WHERE external_id = 'crm-1'`);
    expect(p).toMatchObject({
      email_raw: "  Jane.Doe@Example.COM",
      email: "jane.doe@example.com",
      phone: "+14155550134",
      phone_valid: true,
      attributes: { plan: "pro" },
    });
    const events = await q(
      `SELECT type, name, anonymous_id, source_id, properties FROM events WHERE profile_id = $1 ORDER BY occurred_at, id`,
      [p.id],
    );
    expect(events.map((e) => `${e.type}:${e.name}`).sort()).toEqual(
      [
        "track:Viewed Product",
        "identify:identify",
        "track:Order Completed",
        "page:Pricing",
        "screen:Home",
        "group:group",
        "track:Viewed Pricing",
        "alias:alias",
      ].sort(),
    );
    expect(events.every((e) => e.source_id === sourceId)).toBe(true);
    expect(events.find((e) => e.name === "Order Completed")!.properties).toEqual({ total: 42.5 });
    // Group traits describe the company, not the person.
    expect(p.attributes.plan).toBe("pro");
    expect((await q(`SELECT last_received_at FROM sources WHERE id = $1`, [sourceId]))[0].last_received_at).not.toBeNull();
  });

  it("dedupes on messageId", async () => {
    const { analytics } = client();
    for (let i = 0; i < 3; i++) analytics.track({ userId: "crm-2", event: "Signed Up", messageId: "fixed-message-id-1" });
    await analytics.closeAndFlush();
    expect(await q(`SELECT count(*)::int AS n FROM events WHERE message_id = 'fixed-message-id-1'`)).toEqual([{ n: 1 }]);
  });

  it("stores the valid messages of a partly invalid batch and reports the rest precisely", async () => {
    const res = await post("batch", {
      batch: [
        { type: "track", userId: "crm-3", event: "OK", messageId: "ok-1" },
        { type: "track", event: "No identity", messageId: "bad-1" },
        { type: "track", userId: "crm-3", messageId: "bad-2" },
        { type: "identify", userId: "crm-3", timestamp: "yesterday", messageId: "bad-3" },
        { type: "shout", userId: "crm-3", messageId: "bad-4" },
        { type: "track", userId: "crm-3", event: "Nul", properties: { note: "a\u0000b" }, messageId: "bad-5" },
        {
          type: "track",
          userId: "crm-3",
          event: "Deep",
          properties: { x: JSON.parse(`${"[".repeat(40)}1${"]".repeat(40)}`) },
          messageId: "bad-6",
        },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ success: true, received: 7, stored: 1 });
    expect(body.rejected).toEqual([
      { index: 1, messageId: "bad-1", field: "userId", error: "userId or anonymousId is required" },
      { index: 2, messageId: "bad-2", field: "event", error: expect.stringContaining("event") },
      { index: 3, messageId: "bad-3", field: "timestamp", error: expect.stringContaining("ISO-8601") },
      { index: 4, messageId: "bad-4", field: "type", error: expect.stringContaining("identify, track") },
      { index: 5, messageId: "bad-5", field: "properties.note", error: expect.stringContaining("NUL") },
      { index: 6, messageId: "bad-6", field: null, error: expect.stringContaining("nested") },
    ]);
    expect(await q(`SELECT count(*)::int AS n FROM ingest_rejections WHERE source_id = $1 AND channel = 'segment'`, [sourceId])).toEqual([
      { n: 6 },
    ]);
  });

  it("answers 400 to malformed JSON and oversize messages or batches, and stores nothing from them", async () => {
    expect((await post("batch", "{not json")).status).toBe(400);
    expect((await post("batch", { batch: "nope" })).status).toBe(400);
    const big = { type: "track", userId: "crm-4", event: "Big", properties: { blob: "x".repeat(33 * 1024) }, messageId: "big-1" };
    const oversizeMessage = await post("batch", { batch: [{ type: "track", userId: "crm-4", event: "Small", messageId: "small-1" }, big] });
    expect(oversizeMessage.status).toBe(400);
    expect((await oversizeMessage.json()).message).toMatch(/batch\[1\] \(messageId big-1\) is [\d,]+ bytes; the limit is 32 KB/);
    const many = Array.from({ length: 30 }, (_, i) => ({
      type: "track",
      userId: "crm-4",
      event: "Filler",
      properties: { pad: "y".repeat(20_000) },
      messageId: `fill-${i}`,
    }));
    expect((await post("batch", { batch: many })).status).toBe(400);
    expect((await post("track", big)).status).toBe(400);
    expect(await q(`SELECT count(*)::int AS n FROM events WHERE message_id IN ('small-1', 'big-1', 'fill-0')`)).toEqual([{ n: 0 }]);
  });

  it("refuses missing, unknown and revoked write keys with 401, and accepts the key in the body", async () => {
    expect((await post("track", { userId: "x", event: "E" }, null)).status).toBe(401);
    expect((await post("track", { userId: "x", event: "E" }, "wk_nope")).status).toBe(401);
    const inBody = await post("track", { userId: "crm-5", event: "From browser", writeKey, messageId: "body-key-1" }, null);
    expect(inBody.status).toBe(200);
    const other = await createSource(systemActor("test"), { name: "Doomed" });
    await revokeSource(systemActor("test"), other.id);
    const { analytics, statuses } = client(other.writeKey);
    analytics.track({ userId: "crm-5", event: "After revoke" });
    await analytics.closeAndFlush();
    expect(statuses).toEqual([401]);
  });

  it("survives pathological payloads: 20,000 levels of nesting, huge arrays, wrong types", async () => {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const res = await post(
      "batch",
      `{"batch":[{"type":"track","userId":"crm-7","event":"Deep","properties":{"x":${deep}},"messageId":"deep-1"},{"type":"track","userId":"crm-7","event":"Fine","messageId":"fine-1"}]}`,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      stored: 1,
      rejected: [{ index: 0, messageId: "deep-1", error: expect.stringContaining("nested") }],
    });
    expect((await post("batch", deep)).status).toBe(400);
    expect((await post("batch", { batch: [{ type: "track", userId: { id: 1 }, event: 5 }, 42, null, "x"] })).status).toBe(200);
    expect((await post("identify", [1, 2, 3])).status).toBe(400);
  });

  it("serves the single-call endpoints", async () => {
    for (const [call, body] of Object.entries({
      identify: { userId: "crm-6", traits: { email: "six@example.com" } },
      track: { userId: "crm-6", event: "Single" },
      page: { userId: "crm-6", name: "Docs" },
      screen: { userId: "crm-6", name: "Settings" },
      group: { userId: "crm-6", groupId: "g1" },
      alias: { userId: "crm-6", previousId: "anon-6" },
    })) {
      const res = await post(call, { ...body, messageId: `single-${call}` });
      expect(res.status, call).toBe(200);
      expect((await res.json()).stored, call).toBe(1);
    }
    expect((await post("shout", { userId: "x" })).status).toBe(404);
    expect(await q(`SELECT email FROM profiles WHERE external_id = 'crm-6'`)).toEqual([{ email: "six@example.com" }]);
  });
});
