import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { pool } from "@/lib/db";
import type { RouteServer } from "@/lib/ingest/testing/route-server";
import { cioSignature } from "@/lib/ingest/webhook/verify-signature";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { createSource, updateSource } from "@/lib/sources/manage-sources";
import { startIngestServer } from "./ingest-routes";

// Customer.io reporting webhooks through the route, signed the way Customer.io signs them.
let server: RouteServer;
let sourceId: string;
const KEY = "whsec-test-signing-key";

beforeAll(async () => {
  server = await startIngestServer();
  sourceId = (await createSource(systemActor("test"), { name: "CIO reporting", webhookSigningKey: KEY })).id;
});
afterAll(() => server.close());

function send(
  body: unknown,
  {
    key = KEY,
    ts = Math.floor(Date.now() / 1000),
    id = sourceId,
    signature,
  }: { key?: string; ts?: number; id?: string; signature?: string } = {},
) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  return fetch(`${server.origin}/api/webhooks/customerio/${id}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-cio-timestamp": String(ts),
      "x-cio-signature": signature ?? cioSignature(key, String(ts), raw),
    },
    body: raw,
  });
}
const q = async (sql: string, params: unknown[] = []) => (await pool().query(sql, params)).rows;

const clicked = {
  event_id: "01J0ABCDEF0123456789XYZABC",
  object_type: "email",
  metric: "clicked",
  timestamp: 1718000123,
  data: {
    campaign_id: 12,
    action_id: 34,
    journey_id: "01J0ABCDEF0123456789JOURNY",
    delivery_id: "dgOsBgABkI4AAZB_example==",
    customer_id: "crm-000123",
    identifiers: { id: "crm-000123", email: "jane.doe@example.com", cio_id: "a1b2c3000001" },
    recipient: "jane.doe@example.com",
    subject: "Your cart is waiting",
    href: "https://shop.example.com/cart",
    link_id: 3,
    machine: false,
  },
};

describe("Customer.io reporting webhooks", () => {
  it("stores a signed event once per event_id, on the person its identifiers name, with its context", async () => {
    await writeMessages([{ externalId: "crm-000123", anonymousId: null, email: "Jane.Doe@example.com" }], {
      sourceId: null,
      receivedAt: new Date(),
    });
    for (let i = 0; i < 2; i++) expect((await send(clicked)).status).toBe(200);
    const rows = await q(
      `SELECT e.type, e.name, e.properties, e.occurred_at, p.external_id FROM events e JOIN profiles p ON p.id = e.profile_id WHERE e.message_id = 'cio-webhook:01J0ABCDEF0123456789XYZABC'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: "engagement",
      name: "email_clicked",
      external_id: "crm-000123",
      occurred_at: new Date(1718000123_000),
    });
    expect(rows[0].properties).toMatchObject({
      campaign_id: 12,
      action_id: 34,
      journey_id: "01J0ABCDEF0123456789JOURNY",
      delivery_id: "dgOsBgABkI4AAZB_example==",
      href: "https://shop.example.com/cart",
      machine: false,
    });
  });

  it("matches by email when the id is absent, keeps broadcast and newsletter context, and records unsubscribes", async () => {
    await writeMessages([{ externalId: "crm-email", anonymousId: null, email: "sam@example.com" }], {
      sourceId: null,
      receivedAt: new Date(),
    });
    const broadcast = {
      event_id: "01J0BROADCAST0000000000001",
      object_type: "email",
      metric: "unsubscribed",
      timestamp: 1718000200,
      data: { trigger_id: 7, broadcast_id: 9, delivery_id: "d2", action_id: 5, identifiers: { id: null, email: "SAM@example.com" } },
    };
    expect((await send(broadcast)).status).toBe(200);
    const newsletter = {
      event_id: "01J0NEWSLETTER000000000001",
      object_type: "email",
      metric: "opened",
      timestamp: 1718000300,
      data: { newsletter_id: 4, content_id: 2, delivery_id: "d3", identifiers: { email: "sam@example.com" } },
    };
    expect((await send(newsletter)).status).toBe(200);
    const [p] = await q(`SELECT id, attributes FROM profiles WHERE external_id = 'crm-email'`);
    expect(p.attributes).toMatchObject({ unsubscribed: true });
    const props = (await q(`SELECT properties FROM events WHERE profile_id = $1 ORDER BY occurred_at`, [p.id])).map((r) => r.properties);
    expect(props[0]).toMatchObject({ broadcast_id: 9, trigger_id: 7, action_id: 5 });
    expect(props[1]).toMatchObject({ newsletter_id: 4, content_id: 2, variation: 2 });
  });

  it("refuses tampered bodies, wrong keys and stale timestamps with 401, and stores nothing", async () => {
    const body = { ...clicked, event_id: "01J0REFUSED000000000000001" };
    const ts = Math.floor(Date.now() / 1000);
    const tampered = await send(JSON.stringify({ ...body, metric: "converted" }), {
      signature: cioSignature(KEY, String(ts), JSON.stringify(body)),
      ts,
    });
    expect(tampered.status).toBe(401);
    expect((await send(body, { key: "wrong-key" })).status).toBe(401);
    const stale = await send(body, { ts: ts - 3600 });
    expect(stale.status).toBe(401);
    expect((await stale.json()).error).toContain("stale");
    expect(await q(`SELECT count(*)::int AS n FROM events WHERE message_id = 'cio-webhook:01J0REFUSED000000000000001'`)).toEqual([
      { n: 0 },
    ]);
  });

  it("answers 404 for unknown sources and 401 until a signing key is set", async () => {
    expect((await send(clicked, { id: "no-such-source" })).status).toBe(404);
    const bare = await createSource(systemActor("test"), { name: "No key yet" });
    expect((await send(clicked, { id: bare.id })).status).toBe(401);
    await updateSource(systemActor("test"), bare.id, { webhookSigningKey: KEY });
    expect((await send({ ...clicked, event_id: "01J0AFTERKEY00000000000001" }, { id: bare.id })).status).toBe(200);
  });

  it("quarantines signed but unusable payloads with 200, so Customer.io does not hold back later events", async () => {
    const bad = await send("{oops");
    expect(bad.status).toBe(200);
    expect(await bad.json()).toMatchObject({ ok: false, quarantined: true });
    expect((await send({ object_type: "email", metric: "sent", timestamp: 1 })).status).toBe(200);
    const deep = `{"event_id":"01J0DEEP","object_type":"email","metric":"sent","timestamp":1718000000,"data":{"x":${"[".repeat(20_000)}${"]".repeat(20_000)}}}`;
    expect(await (await send(deep)).json()).toMatchObject({ ok: false, quarantined: true, error: expect.stringContaining("nested") });
    const rows = await q(`SELECT field, error FROM ingest_rejections WHERE source_id = $1 AND channel = 'customerio_webhook' ORDER BY id`, [
      sourceId,
    ]);
    expect(rows).toEqual([
      { field: null, error: expect.stringContaining("not valid JSON") },
      { field: "event_id", error: expect.stringContaining("event_id") },
      { field: "data.x.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0", error: expect.stringContaining("nested") },
    ]);
  });
});
