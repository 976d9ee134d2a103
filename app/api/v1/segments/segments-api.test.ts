import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as membersRoute from "@/app/api/v1/segments/[id]/members/route";
import * as refreshRoute from "@/app/api/v1/segments/[id]/refresh/route";
import * as segmentRoute from "@/app/api/v1/segments/[id]/route";
import * as previewRoute from "@/app/api/v1/segments/preview/route";
import * as segmentsRoute from "@/app/api/v1/segments/route";
import { systemActor } from "@/lib/auth/actor";
import { createApiToken } from "@/lib/auth/api-tokens";
import { pool } from "@/lib/db";
import { startRouteServer, type RouteServer } from "@/lib/ingest/testing/route-server";
import { utcTimestamp } from "@/lib/segments/sql/params";
import { templateByKey } from "@/lib/segments/templates";

// The segments API end to end over HTTP with bearer tokens, on a real Postgres: create,
// read, preview (with change impact), members paging, refresh, versions on update, 400s
// that name the offending path, cycles refused, delete refused while referenced.

let server: RouteServer;
const tokens: Record<string, string> = {};
const HOUR = 3_600_000;

beforeAll(async () => {
  server = await startRouteServer([
    { pattern: "/api/v1/segments", module: segmentsRoute },
    { pattern: "/api/v1/segments/preview", module: previewRoute },
    { pattern: "/api/v1/segments/[id]", module: segmentRoute },
    { pattern: "/api/v1/segments/[id]/members", module: membersRoute },
    { pattern: "/api/v1/segments/[id]/refresh", module: refreshRoute },
  ]);
  for (const role of ["viewer", "editor"] as const) tokens[role] = (await createApiToken(systemActor("test"), { name: role, role })).token;
  // 10 people; 1-6 started checkout 3 hours ago; 2 and 4 bought since; 5 checked out 30 minutes ago.
  await pool().query(
    `INSERT INTO profiles (id, external_id, email, email_sha256) SELECT i, 'cus_' || i, 'p' || i || '@x.com', CASE WHEN i % 2 = 0 THEN 'h' END FROM generate_series(1, 10) i`,
  );
  const now = Date.now();
  const ev = (id: number, name: string, ago: number) =>
    pool().query(`INSERT INTO events (profile_id, name, occurred_at) VALUES ($1, $2, $3::timestamp)`, [id, name, utcTimestamp(now - ago)]);
  for (const id of [1, 2, 3, 4, 6]) await ev(id, "checkout_started", 3 * HOUR);
  await ev(5, "checkout_started", HOUR / 2);
  for (const id of [2, 4]) await ev(id, "order_completed", 2 * HOUR);
});
afterAll(() => server.close());

async function api(method: string, path: string, body?: unknown, role: "viewer" | "editor" = "editor") {
  const res = await fetch(`${server.origin}/api/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[role]}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

const checkout2h = templateByKey("checkout-no-purchase-2h")!.definition;

describe("segments API", () => {
  it("creates a segment, materializes it, and reads it back with its description", async () => {
    expect((await api("POST", "segments", { name: "x", definition: checkout2h }, "viewer")).status).toBe(403);
    const created = await api("POST", "segments", { name: "Checkout, no purchase (2h)", definition: checkout2h });
    expect(created.status).toBe(201);
    expect(created.body.refresh).toMatchObject({ entered: 3, size: 3 });
    const id = created.body.segment.id;
    const read = await api("GET", `segments/${id}`, undefined, "viewer");
    expect(read.body.segment).toMatchObject({ size: 3, version: 1, entry: expect.stringMatching(/^People who started checkout/) });
    const list = await api("GET", "segments", undefined, "viewer");
    expect(list.body.segments.map((s: { name: string }) => s.name)).toContain("Checkout, no purchase (2h)");
  });

  it("answers 400 naming the offending path for an invalid definition", async () => {
    const bad = { conditions: [{ type: "sequence", did: { event: "checkout_started" }, atLeastAgo: { amount: -2, unit: "hours" } }] };
    const res = await api("POST", "segments", { name: "bad", definition: bad });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("definition.conditions.0.atLeastAgo.amount");
    expect(res.body.error.issues[0]).toEqual({ path: "definition.conditions.0.atLeastAgo.amount", message: "Time must be at least 1" });
    const preview = await api("POST", "segments/preview", { definition: { conditions: [{ type: "event" }] } });
    expect(preview.status).toBe(400);
    expect(preview.body.error.issues[0]).toEqual({ path: "definition.conditions.0.event", message: "Event is required" });
    const longName = await api("POST", "segments", { name: "x".repeat(121), refreshIntervalMinutes: 0, definition: checkout2h });
    expect(longName.status).toBe(422);
    expect(longName.body.error.issues).toEqual([
      { path: "body.name", message: "Segment name must be 120 characters or fewer" },
      { path: "body.refreshIntervalMinutes", message: "Refresh interval (minutes) must be at least 1" },
    ]);
  });

  it("previews size, funnel, sample and the impact of a change before saving", async () => {
    const id = (await api("GET", "segments", undefined, "viewer")).body.segments[0].id;
    const wider = { ...checkout2h, conditions: [{ ...checkout2h.conditions[0], atLeastAgo: undefined }] };
    const res = await api("POST", "segments/preview", { definition: wider, segmentId: id }, "viewer");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ count: 4, total: 10, reachable: 1, funnel: [{ count: 4 }] });
    expect(res.body.sample.map((m: { externalId: string }) => m.externalId)).toEqual(["cus_6", "cus_5", "cus_3", "cus_1"]);
    expect(res.body.impact).toMatchObject({ current: 3, entering: 1, leaving: 0, syncs: [] });
    expect(res.body.lints.map((l: { code: string }) => l.code)).toEqual(["low-identifier-coverage"]);
  });

  it("pages members with entered_at, and refreshes on demand", async () => {
    const id = (await api("GET", "segments", undefined, "viewer")).body.segments[0].id;
    const page1 = await api("GET", `segments/${id}/members?limit=2`, undefined, "viewer");
    expect(page1.body.members).toHaveLength(2);
    expect(page1.body.members[0].enteredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const page2 = await api("GET", `segments/${id}/members?limit=2&cursor=${page1.body.nextCursor}`, undefined, "viewer");
    expect(page2.body).toMatchObject({ total: 3, nextCursor: null });
    const all = [...page1.body.members, ...page2.body.members].map((m: { externalId: string }) => m.externalId).sort();
    expect(all).toEqual(["cus_1", "cus_3", "cus_6"]);
    expect((await api("POST", `segments/${id}/refresh`, undefined, "viewer")).status).toBe(403);
    const refreshed = await api("POST", `segments/${id}/refresh`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh).toMatchObject({ entered: 0, exited: 0, size: 3 });
  });

  it("versions definition changes, refuses loops, and refuses deleting a segment others use", async () => {
    const id = (await api("GET", "segments", undefined, "viewer")).body.segments[0].id;
    const renamed = await api("PATCH", `segments/${id}`, { name: "Checkout abandoners" });
    expect(renamed.body).toMatchObject({ versionCreated: false, segment: { version: 1 } });
    const reordered = await api("PATCH", `segments/${id}`, { definition: { ...checkout2h, conditions: [...checkout2h.conditions] } });
    expect(reordered.body.versionCreated).toBe(false);

    const outer = await api("POST", "segments", {
      name: "Abandoners with email",
      definition: {
        conditions: [
          { type: "segment", segmentId: id },
          { type: "identifier", identifier: "email" },
        ],
      },
    });
    expect(outer.status).toBe(201);
    expect(outer.body.refresh).toMatchObject({ size: 1 }); // of 1, 3 and 6, only 6 has an email
    const loop = await api("PATCH", `segments/${id}`, {
      definition: { conditions: [{ type: "segment", segmentId: outer.body.segment.id }] },
    });
    expect(loop.status).toBe(400);
    expect(loop.body.error.issues[0]).toMatchObject({ path: "definition.conditions.0.segmentId", message: expect.stringMatching(/loop/) });

    const changed = await api("PATCH", `segments/${id}`, { definition: { ...checkout2h, cap: { days: 1 } } });
    expect(changed.body).toMatchObject({ versionCreated: true, segment: { version: 2, capDays: 1 } });

    const blocked = await api("DELETE", `segments/${id}`);
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toContain("Abandoners with email");
    expect((await api("DELETE", `segments/${outer.body.segment.id}`)).status).toBe(200);
    expect((await api("DELETE", `segments/${id}`)).status).toBe(200);
    expect((await api("GET", `segments/${id}`, undefined, "viewer")).status).toBe(404);
  });
});
