import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as identityAuditRoute from "@/app/api/v1/identity/audit/route";
import * as identitySettings from "@/app/api/v1/identity/settings/route";
import * as personEventsRoute from "@/app/api/v1/people/[externalId]/events/route";
import * as personRoute from "@/app/api/v1/people/[externalId]/route";
import * as peopleRoute from "@/app/api/v1/people/route";
import * as rejectionsRoute from "@/app/api/v1/sources/[id]/rejections/route";
import * as revokeRoute from "@/app/api/v1/sources/[id]/revoke/route";
import * as rotateRoute from "@/app/api/v1/sources/[id]/rotate/route";
import * as sourceRoute from "@/app/api/v1/sources/[id]/route";
import * as sourcesRoute from "@/app/api/v1/sources/route";
import { systemActor } from "@/lib/auth/actor";
import { createApiToken } from "@/lib/auth/api-tokens";
import { pool } from "@/lib/db";
import type { IngestMessage } from "@/lib/ingest/message";
import { startRouteServer, type RouteServer } from "@/lib/ingest/testing/route-server";
import { writeMessages } from "@/lib/ingest/write/write-messages";

// The management API for data in: sources, people, identity audit and settings.
let server: RouteServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startRouteServer([
    { pattern: "/api/v1/sources", module: sourcesRoute },
    { pattern: "/api/v1/sources/[id]", module: sourceRoute },
    { pattern: "/api/v1/sources/[id]/rotate", module: rotateRoute },
    { pattern: "/api/v1/sources/[id]/revoke", module: revokeRoute },
    { pattern: "/api/v1/sources/[id]/rejections", module: rejectionsRoute },
    { pattern: "/api/v1/people", module: peopleRoute },
    { pattern: "/api/v1/people/[externalId]", module: personRoute },
    { pattern: "/api/v1/people/[externalId]/events", module: personEventsRoute },
    { pattern: "/api/v1/identity/audit", module: identityAuditRoute },
    { pattern: "/api/v1/identity/settings", module: identitySettings },
  ]);
  for (const role of ["viewer", "admin"] as const) tokens[role] = (await createApiToken(systemActor("test"), { name: role, role })).token;
});
afterAll(() => server.close());

async function api(method: string, path: string, role: "viewer" | "admin" = "admin", body?: unknown) {
  const res = await fetch(`${server.origin}/api/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[role]}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

const at = new Date("2026-06-01T10:00:00Z");
const msg = (m: Partial<IngestMessage>): IngestMessage => ({ externalId: null, anonymousId: null, ...m });

describe("sources API", () => {
  it("creates, shows (masked for viewers), updates, rotates, revokes and deletes, with an audit trail and no secrets in it", async () => {
    const created = await api("POST", "sources", "admin", { name: "Website", webhookSigningKey: "whsec_abcdefgh" });
    expect(created.status).toBe(201);
    const s = created.body.source;
    expect(s).toMatchObject({
      name: "Website",
      status: "active",
      webhook: { signingKeySet: true, url: `${server.origin}/api/webhooks/customerio/${s.id}` },
    });
    expect(s.segment.writeKey).toMatch(/^wk_/);
    expect(s.segment.batchUrl).toBe(`${server.origin}/api/ingest/v1/batch`);
    expect(s.customerio.apiKey).toMatch(/^[0-9a-f]{32}$/);

    const asViewer = await api("GET", "sources", "viewer");
    expect(asViewer.body.sources[0].customerio.apiKey).toBeNull();
    expect(asViewer.body.sources[0].segment.writeKey).toMatch(/…$/);
    expect((await api("POST", "sources", "viewer", { name: "x" })).status).toBe(403);
    expect((await api("POST", "sources", "admin", { name: "" })).status).toBe(422);

    expect((await api("PATCH", `sources/${s.id}`, "admin", { name: "Web app", webhookSigningKey: null })).body.source).toMatchObject({
      name: "Web app",
      webhook: { signingKeySet: false },
    });
    const rotated = await api("POST", `sources/${s.id}/rotate`, "admin", { key: "write_key" });
    expect(rotated.status).toBe(200);
    expect(rotated.body.source.segment.writeKey).not.toBe(s.segment.writeKey);
    expect((await api("POST", `sources/${s.id}/revoke`)).body.source.status).toBe("revoked");
    expect((await api("GET", `sources/${s.id}/rejections`, "viewer")).body.rejections).toEqual([]);
    expect((await api("DELETE", `sources/${s.id}`)).status).toBe(200);
    expect((await api("GET", `sources/${s.id}`, "viewer")).status).toBe(404);

    const { rows } = await pool().query(`SELECT action, before, after FROM audit_logs WHERE entity_type = 'source' ORDER BY id`);
    expect(rows.map((r) => r.action)).toEqual([
      "source.created",
      "source.updated",
      "source.key_rotated",
      "source.revoked",
      "source.deleted",
    ]);
    const logged = JSON.stringify(rows);
    expect(logged).not.toContain(s.segment.writeKey);
    expect(logged).not.toContain(s.customerio.apiKey);
    expect(logged).not.toContain("whsec_abcdefgh");
  });
});

describe("people API", () => {
  beforeAll(async () => {
    const opts = { sourceId: "src-api", receivedAt: at, country: "US" };
    await writeMessages(
      [
        msg({
          externalId: "cus_1",
          anonymousId: "anon-xyz",
          email: "  Jane.Doe@Example.com",
          phone: "(415) 555-0134",
          traits: { plan: "pro" },
        }),
        msg({ externalId: "cus_2", email: "jane.doe@example.com " }),
        msg({ externalId: "cus_3", email: "bob at example.com", phone: "555-013" }),
        msg({ externalId: "team/α 50%", email: "team@example.org" }),
      ],
      opts,
    );
    const events = Array.from({ length: 5 }, (_, i) =>
      msg({
        externalId: "cus_1",
        event: { type: "track", name: `E${i}`, properties: { i }, messageId: `api-${i}`, occurredAt: new Date(at.getTime() + i * 60_000) },
      }),
    );
    await writeMessages(events, opts);
  });

  it("finds people by email, phone, external id or anonymous id, raw or normalized", async () => {
    const ids = async (search: string) =>
      (await api("GET", `people?search=${encodeURIComponent(search)}`, "viewer")).body.people
        .map((p: { externalId: string }) => p.externalId)
        .sort();
    expect(await ids("  JANE.DOE@example.COM ")).toEqual(["cus_1", "cus_2"]);
    expect(await ids("jane.d")).toEqual(["cus_1", "cus_2"]);
    expect(await ids("+1 415-555-0134")).toEqual(["cus_1"]);
    expect(await ids("4155550134")).toEqual(["cus_1"]);
    expect(await ids("cus_3")).toEqual(["cus_3"]);
    expect(await ids("bob at example.com")).toEqual(["cus_3"]);
    expect(await ids("555-013")).toEqual(["cus_3"]);
    expect(await ids("anon-xyz")).toEqual(["cus_1"]);
    expect(await ids("nobody@nowhere.test")).toEqual([]);
    const all = await api("GET", "people?limit=2", "viewer");
    expect(all.body.people).toHaveLength(2);
    const next = await api("GET", `people?limit=2&cursor=${all.body.nextCursor}`, "viewer");
    expect(next.body.people).toHaveLength(2);
    expect((await api("GET", "people?limit=500", "viewer")).status).toBe(422);
  });

  it("shows a person's identifiers raw and normalized, with why one is invalid", async () => {
    const ok = await api("GET", "people/cus_1", "viewer");
    expect(ok.body.person).toMatchObject({
      externalId: "cus_1",
      attributes: { plan: "pro" },
      identifiers: {
        email: { raw: "  Jane.Doe@Example.com", normalized: "jane.doe@example.com", valid: true, error: null },
        phone: { raw: "(415) 555-0134", normalized: "+14155550134", valid: true },
        anonymousIds: ["anon-xyz"],
      },
      sources: [{ id: "src-api", events: 5 }],
    });
    const bad = await api("GET", "people/cus_3", "viewer");
    expect(bad.body.person.identifiers).toMatchObject({
      email: { valid: false, error: "contains whitespace" },
      phone: { valid: false, error: "too short for US" },
    });
    expect((await api("GET", `people/${encodeURIComponent("team/α 50%")}`, "viewer")).body.person.externalId).toBe("team/α 50%");
    expect((await api("GET", "people/nope", "viewer")).status).toBe(404);
  });

  it("pages a person's events newest first", async () => {
    const first = await api("GET", "people/cus_1/events?limit=2", "viewer");
    expect(first.body.events.map((e: { name: string }) => e.name)).toEqual(["E4", "E3"]);
    const second = await api("GET", `people/cus_1/events?limit=2&cursor=${first.body.nextCursor}`, "viewer");
    expect(second.body.events.map((e: { name: string }) => e.name)).toEqual(["E2", "E1"]);
    const third = await api("GET", `people/cus_1/events?limit=2&cursor=${second.body.nextCursor}`, "viewer");
    expect(third.body).toMatchObject({ events: [{ name: "E0" }], nextCursor: null });
  });

  it("audits identity: coverage, invalid formats with examples, normalization changes, duplicates and the trend", async () => {
    const { body } = await api("GET", "identity/audit?fresh=1", "viewer");
    const a = body.audit;
    expect(a.coverage).toMatchObject({
      profiles: 4,
      withExternalId: 4,
      email: { valid: 3, invalid: 1 },
      phone: { valid: 1, invalid: 1, missing: 2 },
      matchable: 3,
    });
    expect(a.invalid.email).toEqual([{ reason: "contains whitespace", count: 1, examples: ["bob at example.com"] }]);
    expect(a.invalid.phone).toEqual([{ reason: "too short for US", count: 1, examples: ["555-013"] }]);
    expect(a.normalization.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "email: surrounding whitespace removed", count: 2 }),
        expect.objectContaining({
          kind: "email: lowercased",
          count: 1,
          examples: [{ raw: "  Jane.Doe@Example.com", normalized: "jane.doe@example.com" }],
        }),
        expect.objectContaining({ kind: "phone: reformatted to E.164", count: 1 }),
      ]),
    );
    expect(a.duplicates.email).toEqual({
      groups: 1,
      profiles: 2,
      examples: [
        {
          value: "jane.doe@example.com",
          people: 2,
          spellings: expect.arrayContaining(["  Jane.Doe@Example.com", "jane.doe@example.com "]),
        },
      ],
    });
    expect(a.trend).toEqual([expect.objectContaining({ profiles: 4, withEmail: 3 })]);
  });

  it("reads and sets the default phone country (admins only), which applies to later writes", async () => {
    expect((await api("GET", "identity/settings", "viewer")).body).toEqual({ defaultCountry: "US" });
    expect((await api("PUT", "identity/settings", "viewer", { defaultCountry: "GB" })).status).toBe(403);
    expect((await api("PUT", "identity/settings", "admin", { defaultCountry: "XX" })).status).toBe(422);
    expect((await api("PUT", "identity/settings", "admin", { defaultCountry: "gb" })).body).toEqual({ defaultCountry: "GB" });
    await writeMessages([msg({ externalId: "uk-1", phone: "07911 123456" })], { sourceId: null, receivedAt: at });
    expect((await api("GET", "people/uk-1", "viewer")).body.person.identifiers.phone.normalized).toBe("+447911123456");
  });
});
