import https from "node:https";
import { TrackClient } from "customerio-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { decryptSecret } from "@/lib/crypto";
import { pool } from "@/lib/db";
import type { RouteServer } from "@/lib/ingest/testing/route-server";
import { selfSignedCert } from "@/lib/ingest/testing/self-signed";
import { createSource, rotateSourceKey } from "@/lib/sources/manage-sources";
import { startIngestServer } from "./ingest-routes";

// The real customerio-node TrackClient against the real route handlers. The client always uses
// HTTPS and ignores any port in `url` (it passes only the hostname to https.request), so the
// test serves TLS and passes `port` and `ca` through the client's options, which it forwards
// to https.request.
let server: RouteServer;
let cert: string;
let siteId: string;
let apiKey: string;
let sourceId: string;

beforeAll(async () => {
  const tls = selfSignedCert();
  cert = tls.cert;
  server = await startIngestServer(tls);
  const source = await createSource(systemActor("test"), { name: "Customer.io workspace" });
  siteId = source.cioSiteId;
  apiKey = decryptSecret(source.cioApiKeyEnc);
  sourceId = source.id;
});
afterAll(() => server.close());

const client = (site = siteId, key = apiKey) =>
  new TrackClient(site, key, { url: `${server.origin}/api/ingest/cio/v1`, port: server.port, ca: cert } as ConstructorParameters<
    typeof TrackClient
  >[2]);
const q = async (sql: string, params: unknown[] = []) => (await pool().query(sql, params)).rows;
const person = async (id: string) => (await q(`SELECT * FROM profiles WHERE external_id = $1`, [id]))[0];
function rawPut(path: string, body: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${server.origin}/api/ingest/cio/v1${path}`,
      {
        method: "PUT",
        ca: cert,
        headers: { authorization: `Basic ${Buffer.from(`${siteId}:${apiKey}`).toString("base64")}`, "content-type": "application/json" },
      },
      (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: { statusCode: number; message: string }) => e,
  );

describe("Customer.io Track API v1 with customerio-node", () => {
  it("identifies, tracks (deduped by event id), tracks page views and anonymous events", async () => {
    const cio = client();
    expect(
      await cio.identify("crm-9", {
        email: " Ann@Example.com ",
        phone: "+44 7911 123456",
        created_at: 1718000000,
        plan: "pro",
        _update: false,
      }),
    ).toEqual({});
    const p = await person("crm-9");
    expect(p).toMatchObject({ email: "ann@example.com", phone: "+447911123456", attributes: { created_at: 1718000000, plan: "pro" } });

    for (let i = 0; i < 2; i++)
      await cio.track("crm-9", { name: "purchase", id: "01J0ABCDEF0123456789PURCH1", timestamp: 1718000100, data: { total: 42.5 } });
    await cio.trackPageView("crm-9", "/pricing");
    await cio.trackAnonymous("anon-cio-1", { name: "viewed_banner", data: { banner: "spring" } });
    const events = await q(
      `SELECT type, name, properties, message_id, occurred_at, anonymous_id, profile_id::text FROM events WHERE source_id = $1 ORDER BY id`,
      [sourceId],
    );
    expect(events).toEqual([
      {
        type: "track",
        name: "purchase",
        properties: { total: 42.5 },
        message_id: "cio:01J0ABCDEF0123456789PURCH1",
        occurred_at: new Date(1718000100_000),
        anonymous_id: null,
        profile_id: p.id,
      },
      expect.objectContaining({ type: "page", name: "/pricing", profile_id: p.id }),
      expect.objectContaining({ type: "track", name: "viewed_banner", anonymous_id: "anon-cio-1", profile_id: null }),
    ]);
  });

  it("_update: true changes only people who exist", async () => {
    await client().identify("nobody-yet", { plan: "x", _update: true });
    expect(await person("nobody-yet")).toBeUndefined();
  });

  it("takes the email from an email-shaped id and keeps ids with special characters intact", async () => {
    await client().identify("Bob+vip@Example.com", { plan: "gold" });
    expect(await person("Bob+vip@Example.com")).toMatchObject({ email: "bob+vip@example.com" });
    await client().identify("team/α 50%", { seat: 3 });
    expect(await person("team/α 50%")).toMatchObject({ attributes: { seat: 3 } });
  });

  it("deletes, suppresses (ignoring later data) and unsuppresses people", async () => {
    const cio = client();
    await cio.identify("crm-del", { plan: "x" });
    await cio.track("crm-del", { name: "opened" });
    expect(await cio.destroy("crm-del")).toEqual({});
    expect(await person("crm-del")).toBeUndefined();
    expect(
      await q(`SELECT count(*)::int AS n FROM events e JOIN profiles p ON p.id = e.profile_id WHERE p.external_id = 'crm-del'`),
    ).toEqual([{ n: 0 }]);

    await cio.identify("crm-sup", { plan: "x" });
    await cio.suppress("crm-sup");
    expect(await person("crm-sup")).toBeUndefined();
    await cio.identify("crm-sup", { plan: "y" });
    expect(await person("crm-sup")).toBeUndefined();
    await cio.unsuppress("crm-sup");
    await cio.identify("crm-sup", { plan: "z" });
    expect(await person("crm-sup")).toMatchObject({ attributes: { plan: "z" } });
  });

  it("answers 400 with meta.errors for every limit it breaks, and stores nothing", async () => {
    const e = await failure(client().identify("crm-big", { bio: "x".repeat(1001), ["k".repeat(151)]: 1 }));
    expect(e.statusCode).toBe(400);
    expect(e.message).toContain('attribute "bio": value is 1,001 bytes; the limit is 1,000');
    expect(e.message).toContain("attribute name");
    const many = Object.fromEntries(Array.from({ length: 301 }, (_, i) => [`a${i}`, i]));
    expect((await failure(client().identify("crm-big", many))).message).toContain("301 attributes; the limit is 300");
    expect((await failure(client().track("crm-big", { name: "n".repeat(101) }))).message).toContain("name is 101 bytes; the limit is 100");
    expect((await failure(client().track("crm-big", { name: "e", data: { blob: "d".repeat(100_001) } }))).message).toContain(
      "data is 100,",
    );
    expect((await failure(client().track("crm-big", { name: "e", timestamp: Date.now() }))).message).toContain("unix seconds");
    expect((await failure(client().identify("i".repeat(151), {}))).message).toContain("customer id is 151 bytes");
    expect(await person("crm-big")).toBeUndefined();
    expect((await q(`SELECT count(*)::int AS n FROM ingest_rejections WHERE channel = 'customerio'`))[0].n).toBeGreaterThanOrEqual(5);
  });

  it("refuses deeply nested attributes and malformed bodies with 400, never a 500", async () => {
    const deep = JSON.parse(`${"[".repeat(1_000)}${"]".repeat(1_000)}`); // as deep as the client itself can serialize
    const e = await failure(client().identify("crm-deep", { tree: deep }));
    expect(e.statusCode).toBe(400);
    expect(e.message).toContain("nested more than 32 levels");
    expect((await failure(client().track("crm-deep", { name: "x", data: { tree: deep } }))).statusCode).toBe(400);
    expect((await failure(client().identify("crm-deep", [1, 2] as unknown as Record<string, unknown>))).statusCode).toBe(400);
    // Deeper than any client would send, straight over HTTPS: still a 400 with the reason.
    const raw = await rawPut("/customers/crm-deep", `{"tree":${"[".repeat(50_000)}${"]".repeat(50_000)}}`);
    expect(raw).toMatchObject({ status: 400, body: { meta: { errors: [expect.stringContaining("nested")] } } });
    expect((await rawPut("/customers/crm-deep", "{not json")).status).toBe(400);
  });

  it("refuses bad credentials with 401 and rotated keys immediately", async () => {
    expect((await failure(client(siteId, "wrong-key").identify("x", {}))).statusCode).toBe(401);
    expect((await failure(client("no-such-site", apiKey).identify("x", {}))).statusCode).toBe(401);
    const rotated = await rotateSourceKey(systemActor("test"), sourceId, { key: "cio_api_key" });
    expect((await failure(client(siteId, apiKey).identify("x", {}))).statusCode).toBe(401);
    apiKey = decryptSecret(rotated.cioApiKeyEnc);
    expect(await client().identify("after-rotate", {})).toEqual({});
  });

  it("answers unsupported calls with a JSON 404 the client can read", async () => {
    const e = await failure(client().addDevice("crm-9", "token-1", "ios"));
    expect(e.statusCode).toBe(404);
    expect(e.message).toContain("not supported");
  });
});
