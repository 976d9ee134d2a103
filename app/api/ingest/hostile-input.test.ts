import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as segmentBatch from "@/app/api/ingest/v1/batch/route";
import { systemActor } from "@/lib/auth/actor";
import { decryptSecret } from "@/lib/crypto";
import { pool } from "@/lib/db";
import type { RouteServer } from "@/lib/ingest/testing/route-server";
import { cioSignature } from "@/lib/ingest/webhook/verify-signature";
import { createSource } from "@/lib/sources/manage-sources";
import { startIngestServer } from "./ingest-routes";

// Inputs that used to fail whole batches or answer 500 (issue 9, items 22, 24 and 26): an
// oversized invalid identifier, NUL bytes and lone surrogates, gzip bodies and zip bombs.
let server: RouteServer;
let writeKey: string;
let cioAuth: string;
let hookSource: string;
const HOOK_KEY = "whsec-hostile";

beforeAll(async () => {
  server = await startIngestServer();
  const source = await createSource(systemActor("test"), { name: "Hostile", webhookSigningKey: HOOK_KEY });
  writeKey = source.writeKey;
  cioAuth = `Basic ${Buffer.from(`${source.cioSiteId}:${decryptSecret(source.cioApiKeyEnc)}`).toString("base64")}`;
  hookSource = source.id;
});
afterAll(() => server.close());

const basic = (user: string) => `Basic ${Buffer.from(`${user}:`).toString("base64")}`;
const segment = (body: unknown, headers: Record<string, string> = {}, path = "batch") =>
  fetch(`${server.origin}/api/ingest/v1/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: basic(writeKey), ...headers },
    body: Buffer.isBuffer(body) ? new Uint8Array(body) : typeof body === "string" ? body : JSON.stringify(body),
  });
const cio = (method: string, path: string, body?: unknown, auth = cioAuth) =>
  fetch(`${server.origin}/api/ingest/cio/v1/${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: auth },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const hook = (body: unknown, id = hookSource) => {
  const raw = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  return fetch(`${server.origin}/api/webhooks/customerio/${id}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-cio-timestamp": ts, "x-cio-signature": cioSignature(HOOK_KEY, ts, raw) },
    body: raw,
  });
};
/** Seeded pseudo-random letters: Postgres compresses index entries, so a repeated letter would fit under the limit. */
function incompressible(n: number, seed = 1) {
  let x = seed;
  return Array.from({ length: n }, () => String.fromCharCode(97 + ((x = (x * 1103515245 + 12345) % 2 ** 31) % 26))).join("");
}
const q = async (sql: string, params: unknown[] = []) => (await pool().query(sql, params)).rows;
const stored = async (externalId: string) => (await q(`SELECT count(*)::int AS n FROM profiles WHERE external_id = $1`, [externalId]))[0].n;

describe("an oversized identifier fails only its own message", () => {
  it("Segment: a 3 KB invalid email or phone is refused on its own; the rest of the batch is stored", async () => {
    const huge = incompressible(3000);
    const res = await segment({
      batch: [
        { type: "identify", userId: "big-email", messageId: "big-1", traits: { email: `${huge}@` } },
        { type: "identify", userId: "ok-1", messageId: "big-2", traits: { email: "ok1@example.com" } },
        { type: "identify", userId: "big-phone", messageId: "big-3", traits: { phone: `+1 ${incompressible(3000, 4)} x` } },
        { type: "track", userId: "ok-2", messageId: "big-4", event: "Viewed" },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ success: true, received: 4, stored: 2 });
    expect(body.rejected).toEqual([
      { index: 0, messageId: "big-1", field: "traits.email", error: "traits.email is 3,001 characters; the limit is 320" },
      { index: 2, messageId: "big-3", field: "traits.phone", error: expect.stringContaining("traits.phone is 3,005 characters") },
    ]);
    expect([await stored("ok-1"), await stored("ok-2"), await stored("big-email"), await stored("big-phone")]).toEqual([1, 1, 0, 0]);
  });

  it("Customer.io Track: an oversized email is a 400 naming the field, and the next call is stored", async () => {
    const bad = await cio("PUT", "customers/cio-big", { email: `${incompressible(3000, 2)}@`, plan: "pro" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).meta.errors).toEqual(["email is 3,001 characters; the limit is 320"]);
    expect((await cio("PUT", "customers/cio-ok", { email: "fine@example.com" })).status).toBe(200);
    expect(await stored("cio-ok")).toBe(1);
  });

  it("Customer.io reporting webhook: an oversized email is quarantined with 200 (never blocks the stream)", async () => {
    const res = await hook({
      event_id: "hook-big",
      object_type: "email",
      metric: "opened",
      timestamp: 1718000000,
      data: { customer_id: "hook-person", identifiers: { email: `${incompressible(3000, 3)}@` } },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ok: false,
      quarantined: true,
      error: "data.identifiers.email is 3,001 characters; the limit is 320",
    });
    const next = await hook({
      event_id: "hook-ok",
      object_type: "email",
      metric: "opened",
      timestamp: 1718000000,
      data: { customer_id: "hook-person" },
    });
    expect(await next.json()).toMatchObject({ ok: true });
  });
});

describe("NUL bytes and lone surrogates get a 4xx naming the field, never a 500", () => {
  it("refuses a write key, site id or source id containing NUL", async () => {
    const seg = await segment({ batch: [] }, { authorization: basic("\u0000") });
    expect(seg.status).toBe(401);
    expect((await seg.json()).message).toContain("write key");
    expect((await segment({ writeKey: "\u0000", batch: [] }, { authorization: "" })).status).toBe(401);
    expect((await cio("PUT", "customers/x", {}, `Basic ${Buffer.from("\u0000:\u0000").toString("base64")}`)).status).toBe(401);
    expect((await hook({ event_id: "e" }, "%00")).status).toBe(404);
  });

  it("refuses ids with %00 and names with NUL or a lone surrogate per message", async () => {
    const del = await cio("DELETE", "customers/a%00b");
    expect(del.status).toBe(400);
    expect((await del.json()).meta.errors[0]).toContain("customer id contains a NUL character");
    const track = await cio("POST", "customers/cio-ok/events", { name: "bad\u0000name" });
    expect(track.status).toBe(400);
    const res = await segment(
      '{"batch":[{"type":"track","userId":"u\\u0000","event":"x"},{"type":"track","userId":"ok-3","event":"\\ud800"},{"type":"track","userId":"ok-3","event":"fine"}]}',
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rejected.map((r: { field: string }) => r.field)).toEqual(["userId", "event"]);
    expect(body.stored).toBe(1);
    // The refusals reach the quarantine the Sources page shows, even when the field name itself is unstorable.
    const keyed = await segment(
      '{"batch":[{"type":"identify","userId":"ok-4","messageId":"bad-key","traits":{"\\ud800x":1,"a\\u0000":2}}]}',
    );
    expect((await keyed.json()).rejected).toHaveLength(1);
    const quarantined = await q(
      `SELECT message_id, field, error FROM ingest_rejections WHERE source_id = $1 AND channel = 'segment' ORDER BY id`,
      [hookSource],
    );
    expect(quarantined.map((r) => r.field)).toEqual(expect.arrayContaining(["userId", "event", "traits.\ufffdx"]));
  });

  it("a NUL write key never fails a concurrent request's lookup (Prisma batches same-tick findUnique calls into one query)", async () => {
    // A fresh source, so its key is not in the lookup cache and both lookups reach the database together.
    const fresh = await createSource(systemActor("test"), { name: "Concurrent" });
    const call = (key: string, userId: string) =>
      segmentBatch.POST(
        new Request("http://local/api/ingest/v1/batch", {
          method: "POST",
          headers: { authorization: basic(key), "content-type": "application/json" },
          body: JSON.stringify({ batch: [{ type: "track", userId, event: "Concurrent" }] }),
        }),
      );
    const [bad, good] = await Promise.all([call("nul\u0000key", "never"), call(fresh.writeKey, "concurrent-ok")]);
    expect(good.status).toBe(200);
    expect(bad.status).toBe(401);
    expect(await stored("concurrent-ok")).toBe(1);
  });
});

describe("gzip bodies", () => {
  it("accepts a gzip-compressed batch, as Segment's API does", async () => {
    const body = gzipSync(JSON.stringify({ batch: [{ type: "track", userId: "gz-1", event: "Compressed", messageId: "gz-1" }] }));
    const res = await segment(body, { "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: true, stored: 1 });
    expect(await stored("gz-1")).toBe(1);
  });

  it("applies the size cap to the decompressed size (zip bomb), and refuses corrupt or unknown encodings with 400", async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, " "));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const res = await segment(bomb, { "content-encoding": "gzip" });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain("500 KB per batch");
    const corrupt = await segment(Buffer.from("not gzip at all"), { "content-encoding": "gzip" });
    expect(corrupt.status).toBe(400);
    expect((await corrupt.json()).message).toContain("not valid gzip");
    expect((await segment("{}", { "content-encoding": "br" })).status).toBe(400);
  });
});
