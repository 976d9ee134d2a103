import { readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Readable } from "node:stream";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { createApiToken } from "@/lib/auth/api-tokens";
import { decryptSecret } from "@/lib/crypto";
import { pool } from "@/lib/db";
import { createImportJob } from "@/lib/ingest/csv/import-jobs";
import { startRouteServer, type MountedRoute, type RouteServer } from "@/lib/ingest/testing/route-server";
import { cioSignature } from "@/lib/ingest/webhook/verify-signature";
import { templateByKey } from "@/lib/segments/templates";
import { createSource } from "@/lib/sources/manage-sources";

// A bounded, seeded fuzz of every ingest and management-API route (issue 9 acceptance): the
// route files are found by globbing app/api, so a new route is fuzzed without touching this
// file. Each request is authenticated the way its route expects (write key, Customer.io Basic
// auth, webhook signature, bearer token), so the hostile part is the input itself: malformed
// JSON, wrong types, huge and deeply nested values, NUL and lone surrogates in bodies, ids and
// queries, gzip (valid, corrupt, bombs), and oversize bodies. The bar: no 500, ever, and every
// valid message of a partly invalid batch stored.

const API_DIR = path.join(import.meta.dirname);
const FUZZED = /^\/api\/(v1|ingest|webhooks)\//;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** app/api/**\/route.ts -> URL patterns, as Next maps them (route groups dropped). */
function routeFiles(): { pattern: string; file: string }[] {
  return (readdirSync(API_DIR, { recursive: true }) as string[])
    .filter((f) => f.endsWith(`${path.sep}route.ts`) || f === "route.ts")
    .map((f) => ({
      file: path.join(API_DIR, f),
      pattern: `/api/${path
        .dirname(f)
        .split(path.sep)
        .filter((s) => !/^\(.*\)$/.test(s))
        .join("/")}`,
    }))
    .filter((r) => FUZZED.test(`${r.pattern}/`))
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

// Deterministic randomness: the same requests on every run, so a failure reproduces.
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = mulberry32(20261201);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\ud83d\ude00",
  "%00",
  "../../etc/passwd",
  "'; DROP TABLE profiles; --",
  "<script>alert(1)</script>",
  "=cmd|' /C calc'!A0",
  "x".repeat(3000),
  "é".repeat(20_000),
  "-1",
  "1e309",
  "NaN",
  "null",
  "{}",
  "\r\n",
];
const HOSTILE_SCALARS: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1e308,
  -1e308,
  2 ** 63,
  0.1,
  Number.MAX_SAFE_INTEGER + 2,
  [],
  {},
  [null],
  { "": null },
];

function hostileValue(depth = 0): unknown {
  const r = rng();
  if (depth > 3 || r < 0.45) return pick(HOSTILE_STRINGS);
  if (r < 0.7) return pick(HOSTILE_SCALARS);
  if (r < 0.85) return Array.from({ length: 1 + Math.floor(rng() * 3) }, () => hostileValue(depth + 1));
  return Object.fromEntries(
    Array.from({ length: 1 + Math.floor(rng() * 3) }, () => [
      pick([...FIELD_NAMES, "\u0000", "\ud800", "x".repeat(500)]),
      hostileValue(depth + 1),
    ]),
  );
}

/** Names the route schemas use, so a hostile value lands in a field a schema reads. */
const FIELD_NAMES = [
  "name",
  "email",
  "phone",
  "role",
  "password",
  "disabled",
  "kind",
  "settings",
  "credentials",
  "definition",
  "segmentId",
  "destinationId",
  "identifiers",
  "mode",
  "schedule",
  "state",
  "holdoutPercent",
  "cap",
  "country",
  "countryCode",
  "key",
  "webhookSigningKey",
  "reason",
  "expiresAt",
  "value",
  "type",
  "userId",
  "anonymousId",
  "messageId",
  "event",
  "traits",
  "properties",
  "timestamp",
  "batch",
  "writeKey",
  "id",
  "data",
  "_update",
  "anonymous_id",
  "event_id",
  "object_type",
  "metric",
  "columns",
  "fileName",
  "delimiter",
  "limit",
  "cursor",
  "q",
  "status",
] as const;

const nestedObject = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);

type Body = { label: string; bytes: Buffer; encoding?: string };
const jsonBody = (label: string, value: unknown): Body => ({ label, bytes: Buffer.from(JSON.stringify(value)) });
const rawBody = (label: string, text: string): Body => ({ label, bytes: Buffer.from(text) });

function bodies(): Body[] {
  const checkout = templateByKey("checkout-no-purchase-2h")!.definition;
  const fixed: Body[] = [
    rawBody("malformed JSON", '{"name": "x",'),
    rawBody("truncated array", "[1, 2"),
    rawBody("raw NUL byte", '{"name":"\u0000"}'),
    rawBody("escaped NUL", '{"name":"a\\u0000b","email":"x\\u0000@y.co"}'),
    rawBody("escaped lone surrogate", '{"name":"\\ud800","definition":{"conditions":[{"type":"\\udc00"}]}}'),
    rawBody("surrogate key", '{"\\ud800":1}'),
    rawBody("invalid UTF-8", "\xff\xfe{\xc3\x28}"),
    rawBody("empty", ""),
    jsonBody("null", null),
    jsonBody("number", 42),
    jsonBody("string", "hello"),
    jsonBody("array", [1, "two", null]),
    rawBody("deep array (5,000)", `${"[".repeat(5_000)}1${"]".repeat(5_000)}`),
    rawBody("deep object (200)", `${'{"a":'.repeat(200)}1${"}".repeat(200)}`),
    jsonBody("huge string", { name: "n".repeat(600_000) }),
    jsonBody("many keys", Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]))),
    jsonBody("segment with extreme numbers", {
      name: "fuzz",
      definition: JSON.parse(JSON.stringify(checkout).replace(/:(\d+)/g, ":1e308")),
    }),
    jsonBody("segment with negative numbers", {
      name: "fuzz",
      definition: JSON.parse(JSON.stringify(checkout).replace(/:(\d+)/g, ":-99999999999")),
    }),
    jsonBody("segment with NUL in names", {
      name: "fuzz",
      definition: JSON.parse(JSON.stringify(checkout).replace(/"(checkout_started|order_completed)"/g, '"a\\u0000"')),
    }),
    {
      label: "gzip JSON",
      bytes: gzipSync(JSON.stringify({ name: "gz", batch: [{ type: "track", userId: "gz-fuzz", event: "Gz" }] })),
      encoding: "gzip",
    },
    { label: "gzip bomb (30 MB of spaces)", bytes: gzipSync(Buffer.alloc(30 * 1024 * 1024, " ")), encoding: "gzip" },
    { label: "corrupt gzip", bytes: Buffer.from("\x1f\x8b\x08\x00garbage"), encoding: "gzip" },
    { label: "unknown encoding", bytes: Buffer.from("{}"), encoding: "br" },
    { label: "oversize (2 MB)", bytes: Buffer.alloc(2 * 1024 * 1024, "a") },
  ];
  // Seeded objects built from the schemas' field names with hostile values.
  const random = Array.from({ length: 14 }, (_, i) =>
    jsonBody(
      `seeded object ${i}`,
      Object.fromEntries(Array.from({ length: 1 + Math.floor(rng() * 6) }, () => [pick(FIELD_NAMES), hostileValue()])),
    ),
  );
  return [...fixed, ...random];
}

const HOSTILE_IDS = [
  "%00",
  "a%00b",
  "%ED%A0%80",
  "%F0%9F%98%80",
  encodeURIComponent("x".repeat(3000)),
  "-1",
  "null",
  "..%2F..%2Fetc",
  "fuzz-404",
];
const HOSTILE_QUERIES = [
  "",
  "?limit=%00",
  "?limit=-1&cursor=%ED%A0%80",
  "?limit=1e309&q=%00",
  "?q=" + "x".repeat(5000),
  "?limit=abc&offset=-5&since=yesterday",
  "?limit[]=1&limit[]=2",
  "?sourceId=%00&role=root",
];

let server: RouteServer;
let token: string;
let segmentAuth: string;
let cioAuth: string;
let hookSourceId: string;
const HOOK_KEY = "whsec-fuzz";
const routes = routeFiles();

beforeAll(async () => {
  const mounted: MountedRoute[] = [];
  for (const r of routes) mounted.push({ pattern: r.pattern, module: await import(r.file) });
  server = await startRouteServer(mounted);
  token = (await createApiToken(systemActor("fuzz"), { name: "fuzz", role: "admin" })).token;
  const source = await createSource(systemActor("fuzz"), { name: "Fuzz", webhookSigningKey: HOOK_KEY });
  segmentAuth = `Basic ${Buffer.from(`${source.writeKey}:`).toString("base64")}`;
  cioAuth = `Basic ${Buffer.from(`${source.cioSiteId}:${decryptSecret(source.cioApiKeyEnc)}`).toString("base64")}`;
  hookSourceId = source.id;
});
afterAll(() => server.close());

/** The credentials a route expects; the fuzz is about input, so requests get past authentication. */
function authFor(pattern: string, body: Buffer): Record<string, string> {
  if (pattern.startsWith("/api/ingest/v1")) return { authorization: segmentAuth };
  if (pattern.startsWith("/api/ingest/cio")) return { authorization: cioAuth };
  if (pattern.startsWith("/api/webhooks/customerio")) {
    const ts = String(Math.floor(Date.now() / 1000));
    return { "x-cio-timestamp": ts, "x-cio-signature": cioSignature(HOOK_KEY, ts, body) };
  }
  return { authorization: `Bearer ${token}` };
}

/** A concrete URL for a pattern: dynamic segments get a hostile id (the webhook's source id stays real, to pass its signature check). */
function urlFor(pattern: string, id: string): string {
  return pattern
    .replace("[sourceId]", pattern.startsWith("/api/webhooks/") && id !== "%00" ? hookSourceId : id)
    .replace(/\[\.\.\.\w+\]/, `fuzz/${id}`)
    .replace(/\[\w+\]/g, id);
}

// One connection per request: a server refusing an oversize body closes its connection, and a
// reused keep-alive socket would then fail the next, unrelated request with ECONNRESET.
const fresh = new Agent({ pipelining: 0 });

type Outcome = { method: string; url: string; input: string; status: number; body: string };

async function send(
  method: string,
  pattern: string,
  url: string,
  body: Body | null,
  extraHeaders: Record<string, string> = {},
): Promise<Outcome> {
  const headers: Record<string, string> = { ...authFor(pattern, body?.bytes ?? Buffer.alloc(0)), ...extraHeaders };
  if (body) headers["content-type"] = "application/json";
  if (body?.encoding) headers["content-encoding"] = body.encoding;
  const input = body?.label ?? "no body";
  try {
    const res = await fetch(`${server.origin}${url}`, {
      method,
      headers,
      body: body && method !== "GET" ? new Uint8Array(body.bytes) : undefined,
      dispatcher: fresh,
    } as RequestInit);
    const text = await res.text();
    return { method, url: url.slice(0, 120), input, status: res.status, body: text.slice(0, 300) };
  } catch (e) {
    // A server that refuses an oversize upload early closes the connection while the client is
    // still sending; that is a refusal (status 0), and only allowed for bodies over the caps.
    if ((body?.bytes.length ?? 0) > 512 * 1024)
      return { method, url: url.slice(0, 120), input, status: 0, body: String((e as Error).cause ?? e) };
    throw new Error(`${method} ${url.slice(0, 100)} [${input}] failed: ${String((e as Error).cause ?? e)}`);
  }
}

/** Runs requests with bounded concurrency (the machine is shared). */
async function runAll(jobs: (() => Promise<Outcome>)[], concurrency = 6): Promise<Outcome[]> {
  const out: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) out.push(await jobs[next++]!());
    }),
  );
  return out;
}

describe("fuzzing every ingest and management-API route", () => {
  it("finds the routes by globbing app/api (new routes are covered automatically)", () => {
    const patterns = routes.map((r) => r.pattern);
    expect(patterns).toEqual(
      expect.arrayContaining([
        "/api/ingest/v1/batch",
        "/api/ingest/cio/v1/customers/[id]",
        "/api/webhooks/customerio/[sourceId]",
        "/api/ingest/csv/[id]",
        "/api/v1/people/[externalId]",
        "/api/v1/segments/preview",
      ]),
    );
    expect(patterns.length).toBeGreaterThan(40);
  });

  it("answers every hostile request with something other than a 500", async () => {
    const all = bodies();
    const jobs: (() => Promise<Outcome>)[] = [];
    for (const route of routes) {
      const mod = await import(route.file);
      const dynamic = route.pattern.includes("[");
      for (const method of METHODS.filter((m) => typeof mod[m] === "function")) {
        const ids = dynamic ? HOSTILE_IDS : ["-"];
        const url = (id: string, query = "") => `${urlFor(route.pattern, id)}${query}`;
        if (method === "GET" || method === "DELETE") {
          for (const id of ids) for (const query of HOSTILE_QUERIES) jobs.push(() => send(method, route.pattern, url(id, query), null));
        } else {
          // Every body against a harmless id, and a few bodies against every hostile id.
          for (const body of all)
            jobs.push(() => send(method, route.pattern, url(dynamic ? "fuzz-404" : "-", pick(HOSTILE_QUERIES)), body));
          if (dynamic) for (const id of ids) jobs.push(() => send(method, route.pattern, url(id), pick(all)));
        }
      }
    }
    // Hostile credentials: NUL in Basic auth (write key, site id) and in bearer tokens.
    for (const authorization of [
      `Basic ${Buffer.from("\u0000:").toString("base64")}`,
      `Basic ${Buffer.from("\u0000:\u0000").toString("base64")}`,
      `Basic ${Buffer.from("\ud800:").toString("base64")}`,
      "Bearer %00",
      "Basic !!!",
      "Bearer",
    ]) {
      for (const p of ["/api/ingest/v1/batch", "/api/ingest/v1/track", "/api/ingest/cio/v1/customers/x", "/api/v1/me", "/api/ingest/csv"]) {
        const method = p.includes("/cio/") ? "PUT" : p === "/api/v1/me" ? "GET" : "POST";
        jobs.push(() => send(method, "/none", p, method === "GET" ? null : jsonBody("empty batch", { batch: [] }), { authorization }));
      }
    }
    const outcomes = await runAll(jobs);
    const failures = outcomes.filter((o) => o.status >= 500);
    expect(outcomes.length).toBeGreaterThan(1500);
    expect(
      failures,
      `${failures.length} of ${outcomes.length} requests answered 5xx:\n${failures
        .slice(0, 20)
        .map((f) => `${f.method} ${f.url} [${f.input}] -> ${f.status} ${f.body}`)
        .join("\n")}`,
    ).toEqual([]);
  }, 240_000); // every route × every hostile body: grows with the API, so it has its own budget

  it("stores every valid message of a partly invalid Segment batch", async () => {
    const valid = Array.from({ length: 40 }, (_, i) => ({
      type: "track",
      userId: `fuzz-valid-${i}`,
      messageId: `fuzz-valid-${i}`,
      event: "Fuzz Valid",
      properties: { i },
    }));
    const invalid: unknown[] = [
      { type: "identify", userId: "bad-email", messageId: "fuzz-bad-1", traits: { email: `${"e".repeat(3000)}@` } },
      { type: "identify", userId: "bad-phone", messageId: "fuzz-bad-2", traits: { phone: "9".repeat(3000) } },
      { type: "track", userId: "a\u0000b", messageId: "fuzz-bad-3", event: "x" },
      { type: "track", userId: "ok", messageId: "fuzz-bad-4", event: "\ud800" },
      { type: "track", userId: "ok", messageId: "fuzz-bad-5", event: "e".repeat(5000) },
      { type: "track", userId: "ok", messageId: "fuzz-bad-6", event: "x", properties: nestedObject(100) },
      { type: "track", userId: "u".repeat(300), messageId: "fuzz-bad-7", event: "x" },
      { type: "track", messageId: "fuzz-bad-8", event: "no user" },
      { type: "nonsense", userId: "ok", messageId: "fuzz-bad-9" },
      { type: "track", userId: { nested: true }, messageId: "fuzz-bad-10", event: "x" },
      { type: "alias", userId: "ok", messageId: "fuzz-bad-11", previousId: "\u0000" },
      { type: "track", userId: "ok", messageId: "fuzz-bad-12", event: "x", timestamp: "not a date" },
      { type: "track", userId: "ok", messageId: "m".repeat(300), event: "x" },
      { type: "identify", userId: "ok", messageId: "fuzz-bad-14", traits: { "k\u0000": 1 } },
      null,
      42,
      "string",
      [],
    ];
    // Interleave deterministically so invalid messages sit between valid ones.
    const batch: unknown[] = [];
    valid.forEach((v, i) => {
      batch.push(v);
      if (i < invalid.length) batch.push(invalid[i]);
    });
    for (const compressed of [false, true]) {
      const raw = Buffer.from(
        JSON.stringify({
          batch: batch.map((m) =>
            m && typeof m === "object" && "messageId" in m
              ? { ...m, messageId: `${compressed ? "gz-" : ""}${(m as { messageId: string }).messageId}` }
              : m,
          ),
        }),
      );
      const res = await fetch(`${server.origin}/api/ingest/v1/batch`, {
        method: "POST",
        headers: { authorization: segmentAuth, "content-type": "application/json", ...(compressed ? { "content-encoding": "gzip" } : {}) },
        body: new Uint8Array(compressed ? gzipSync(raw) : raw),
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ success: true, received: valid.length + invalid.length, stored: valid.length });
      expect(body.rejected).toHaveLength(invalid.length);
      const { rows } = await pool().query(`SELECT count(*)::int AS n FROM events WHERE message_id = ANY($1)`, [
        valid.map((v) => `${compressed ? "gz-" : ""}${v.messageId}`),
      ]);
      expect(rows[0].n).toBe(valid.length);
    }
  });

  it("imports every valid row of a partly invalid CSV file", async () => {
    const job = await createImportJob(systemActor("fuzz"), {
      kind: "people",
      fileName: "fuzz.csv",
      delimiter: ",",
      columns: [{ to: "external_id" }, { to: "email" }, { to: "phone" }],
    });
    const lines = ["id,email,phone"];
    const goodIds: string[] = [];
    for (let i = 0; i < 60; i++) {
      const r = rng();
      if (r < 0.1) lines.push(`bad-${i},${"e".repeat(3000)}@,`);
      else if (r < 0.2) lines.push(`bad-${i},x@y.co,${"5".repeat(3000)}`);
      else if (r < 0.25) lines.push(`bad-${i}\u0000,x@y.co,`);
      // One unclosed quote: two would pair up into one (odd-looking) record, as in any CSV reader.
      else if (r < 0.3 && !lines.some((l) => l.startsWith('"'))) lines.push(`"bad-${i},x@y.co,`);
      else if (r < 0.3)
        lines.push(`bad-${i},x@y.co`); // a field short
      else if (r < 0.35) lines.push(`${"i".repeat(300)},x@y.co,`);
      else {
        goodIds.push(`csv-fuzz-${i}`);
        lines.push(`csv-fuzz-${i},person${i}@example.com,`);
      }
    }
    const res = await fetch(`${server.origin}/api/ingest/csv/${job.id}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
      body: Readable.toWeb(Readable.from([lines.join("\n")])) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(200);
    const { job: done } = await res.json();
    expect(done).toMatchObject({ status: "succeeded", rowsTotal: 60, rowsImported: goodIds.length });
    const { rows } = await pool().query(`SELECT count(*)::int AS n FROM profiles WHERE external_id = ANY($1)`, [goodIds]);
    expect(rows[0].n).toBe(goodIds.length);
  });
});
