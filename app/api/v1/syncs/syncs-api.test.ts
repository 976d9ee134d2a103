import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as destinationRoute from "@/app/api/v1/destinations/[id]/route";
import * as destinationTestRoute from "@/app/api/v1/destinations/[id]/test/route";
import * as destinationsRoute from "@/app/api/v1/destinations/route";
import * as ruleRoute from "@/app/api/v1/suppression-rules/[id]/route";
import * as rulesRoute from "@/app/api/v1/suppression-rules/route";
import * as membersRoute from "@/app/api/v1/syncs/[id]/members/route";
import * as syncRoute from "@/app/api/v1/syncs/[id]/route";
import * as runRoute from "@/app/api/v1/syncs/[id]/runs/[runId]/route";
import * as runsRoute from "@/app/api/v1/syncs/[id]/runs/route";
import * as syncsRoute from "@/app/api/v1/syncs/route";
import { systemActor } from "@/lib/auth/actor";
import { createApiToken } from "@/lib/auth/api-tokens";
import { startRouteServer, type RouteServer } from "@/lib/ingest/testing/route-server";
import { runSync } from "@/lib/sync/run-sync";
import { makeSegment, seedPeople } from "@/lib/sync/testing/fixtures";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";

// The destinations, syncs and suppression-rules API end to end over HTTP with bearer tokens.
const SECRET = "api-test-secret-0123456789";
let server: RouteServer;
let rx: Receiver;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startRouteServer([
    { pattern: "/api/v1/destinations", module: destinationsRoute },
    { pattern: "/api/v1/destinations/[id]", module: destinationRoute },
    { pattern: "/api/v1/destinations/[id]/test", module: destinationTestRoute },
    { pattern: "/api/v1/syncs", module: syncsRoute },
    { pattern: "/api/v1/syncs/[id]", module: syncRoute },
    { pattern: "/api/v1/syncs/[id]/runs", module: runsRoute },
    { pattern: "/api/v1/syncs/[id]/runs/[runId]", module: runRoute },
    { pattern: "/api/v1/syncs/[id]/members", module: membersRoute },
    { pattern: "/api/v1/suppression-rules", module: rulesRoute },
    { pattern: "/api/v1/suppression-rules/[id]", module: ruleRoute },
  ]);
  rx = await startReceiver(SECRET);
  for (const role of ["viewer", "editor", "admin"] as const)
    tokens[role] = (await createApiToken(systemActor("test"), { name: role, role })).token;
  await seedPeople(50);
  await makeSegment("seg", "Window shoppers", "p.id <= 30");
  await makeSegment("buyers", "Purchased", "p.id % 3 = 0");
});
afterAll(async () => {
  await server.close();
  await rx.close();
});

async function api(method: string, path: string, body?: unknown, role: "viewer" | "editor" | "admin" = "editor") {
  const res = await fetch(`${server.origin}/api/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[role]}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

describe("management API for syncs", () => {
  it("configures a destination, a sync and a rule, runs it, and reads back runs and members", async () => {
    expect(
      (
        await api(
          "POST",
          "destinations",
          { name: "x", kind: "webhook", settings: { url: rx.url }, credentials: { signingSecret: SECRET } },
          "viewer",
        )
      ).status,
    ).toBe(403);
    const bad = await api("POST", "destinations", {
      name: "Hook",
      kind: "webhook",
      settings: { url: "nope" },
      credentials: { signingSecret: SECRET },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0].path).toBe("settings.url");

    const created = await api("POST", "destinations", {
      name: "Hook",
      kind: "webhook",
      settings: { url: rx.url, batchSize: 10 },
      credentials: { signingSecret: SECRET },
    });
    expect(created.status).toBe(201);
    const dest = created.body.destination;
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    expect((await api("POST", `destinations/${dest.id}/test`)).body.result).toMatchObject({ ok: true });

    const sync = (
      await api("POST", "syncs", { name: "Window shoppers retargeting", segmentId: "seg", destinationId: dest.id, identifiers: ["email"] })
    ).body.sync;
    const rule = await api("POST", "suppression-rules", { name: "Purchased", segmentId: "buyers" });
    expect(rule.status).toBe(201);
    const coverage = await api("GET", "suppression-rules", undefined, "viewer");
    expect(coverage.body.suppressionRules[0].syncs[0]).toMatchObject({ id: sync.id, heldOut: 10 });

    const dry = await api("POST", `syncs/${sync.id}/runs`, { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.dryRun.plan).toMatchObject({ segmentSize: 30, suppressed: 10, toAdd: 20 });

    const queued = await api("POST", `syncs/${sync.id}/runs`);
    expect(queued.status).toBe(202);
    expect(queued.body.run.status).toBe("queued");
    await runSync(sync.id, { runId: queued.body.run.id, trigger: "api" }); // what the worker does
    const run = await api("GET", `syncs/${sync.id}/runs/${queued.body.run.id}`, undefined, "viewer");
    expect(run.body.run).toMatchObject({ status: "succeeded", added: 20, trigger: "api" });
    expect(run.body.batches).toHaveLength(2);

    const page1 = await api("GET", `syncs/${sync.id}/members?limit=15`, undefined, "viewer");
    const page2 = await api("GET", `syncs/${sync.id}/members?limit=15&cursor=${page1.body.nextCursor}`, undefined, "viewer");
    expect([page1.body.members.length, page2.body.members.length, page2.body.nextCursor]).toEqual([15, 5, null]);
    expect(page1.body.members[0]).toMatchObject({ profileId: "1", identifier: "email" });
    // A page that ends exactly at the last member says so, rather than offering an empty page.
    expect((await api("GET", `syncs/${sync.id}/members?limit=20`, undefined, "viewer")).body.nextCursor).toBeNull();

    // Never validated with test profiles: the launch checklist refuses the go-live, and names the gate.
    const refused = await api("PATCH", `syncs/${sync.id}`, { state: "live" });
    expect([refused.status, refused.body.error.gates]).toEqual([409, expect.arrayContaining(["validation"])]);
    const overridden = await api("PATCH", `syncs/${sync.id}`, { state: "live", override: "Launch review done by hand" }, "admin");
    expect(overridden.status).toBe(200);
    expect((await api("PATCH", `syncs/${sync.id}`, { state: "live", holdoutPercent: 10 })).body.sync).toMatchObject({
      state: "live",
      holdoutPercent: 10,
    });
    expect((await api("PATCH", `syncs/${sync.id}`, { destinationId: "other" })).status).toBe(422);
    expect((await api("GET", `syncs/${sync.id}`, undefined, "viewer")).body.sync.audienceSize).toBe(20);
    // One health model: the list and the sync read the same state, words and cause.
    const one = (await api("GET", `syncs/${sync.id}`, undefined, "viewer")).body.sync.health;
    const listed = (await api("GET", "syncs", undefined, "viewer")).body.syncs.find((x: { id: string }) => x.id === sync.id).health;
    expect(one).toMatchObject({ state: "healthy", label: "Healthy", cause: null });
    expect(listed).toEqual(one);
    expect((await api("DELETE", `destinations/${dest.id}`)).status).toBe(409);
    expect((await api("PATCH", `suppression-rules/${rule.body.suppressionRule.id}`, { enabled: false })).status).toBe(200);
    expect((await api("DELETE", `syncs/${sync.id}`)).status).toBe(200);
    expect((await api("DELETE", `destinations/${dest.id}`)).status).toBe(200);
  });
});
