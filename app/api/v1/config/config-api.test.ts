import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as applyRoute from "@/app/api/v1/config/apply/route";
import * as planRoute from "@/app/api/v1/config/plan/route";
import * as configRoute from "@/app/api/v1/config/route";
import { systemActor } from "@/lib/auth/actor";
import { createApiToken } from "@/lib/auth/api-tokens";
import { configApplyResponse, configDocumentResponse, configPlanResponse } from "@/lib/config-as-code/config-api";
import { exportConfig } from "@/lib/config-as-code/export-config";
import { db } from "@/lib/db";
import { startRouteServer, type RouteServer } from "@/lib/ingest/testing/route-server";
import { createSegment } from "@/lib/segments/create-segment";

// The three configuration operations over HTTP with bearer tokens: the same bytes as the CLI,
// plans that change nothing, apply for editors only.

let server: RouteServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startRouteServer([
    { pattern: "/api/v1/config", module: configRoute },
    { pattern: "/api/v1/config/plan", module: planRoute },
    { pattern: "/api/v1/config/apply", module: applyRoute },
  ]);
  for (const role of ["viewer", "editor"] as const) tokens[role] = (await createApiToken(systemActor("test"), { name: role, role })).token;
  await createSegment(systemActor("test"), {
    name: "Newsletter readers",
    definition: { conditions: [{ type: "event", event: "Email Opened" }] },
  });
});
afterAll(() => server.close());

const call = (method: string, path: string, role: "viewer" | "editor", body?: unknown) =>
  fetch(`${server.origin}/api/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens[role]}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("/api/v1/config", () => {
  it("exports for viewers, byte for byte what the CLI writes", async () => {
    const res = await call("GET", "config", "viewer");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toBe((await exportConfig(systemActor("test"))).text);
    // What the OpenAPI document promises for each answer.
    expect(configDocumentResponse.safeParse(JSON.parse(text)).success).toBe(true);
  });

  it("plans without changing anything, applies for editors, refuses viewers", async () => {
    const doc = JSON.parse(await (await call("GET", "config", "viewer")).text());
    expect(await (await call("POST", "config/plan", "editor", doc)).json()).toMatchObject({
      changes: [],
      problems: 0,
      text: expect.stringMatching(/^No changes/),
    });
    doc.segments[0].description = "Opened an email, ever";
    const plan = await call("POST", "config/plan", "editor", doc);
    expect(plan.status).toBe(200);
    const planned = await plan.json();
    expect(configPlanResponse.safeParse(planned).success).toBe(true);
    expect(planned.changes).toEqual([
      expect.objectContaining({
        action: "update",
        key: "newsletter-readers",
        fields: [{ path: "description", before: null, after: "Opened an email, ever" }],
      }),
    ]);
    expect((await call("POST", "config/plan", "viewer", doc)).status).toBe(403);
    expect((await call("POST", "config/apply", "viewer", doc)).status).toBe(403);
    expect((await db().segment.findFirstOrThrow()).description).toBeNull();

    const applied = await call("POST", "config/apply", "editor", doc);
    expect(applied.status).toBe(200);
    const result = await applied.json();
    expect(configApplyResponse.safeParse(result).success).toBe(true);
    expect(result).toMatchObject({ applied: 1 });
    expect((await db().segment.findFirstOrThrow()).description).toBe("Opened an email, ever");
    expect(await (await call("POST", "config/apply?prune=true", "editor", doc)).json()).toMatchObject({ applied: 0 });
  });

  it("refuses a document with an unknown field or a missing reference with 422, naming each path", async () => {
    const doc = JSON.parse(await (await call("GET", "config", "viewer")).text());
    doc.segments[0].colour = "blue";
    doc.segments.push({
      key: "lapsed-readers",
      name: "Lapsed readers",
      definition: { conditions: [{ type: "segment", segment: "readers", membership: "not_in" }] },
    });
    const res = await call("POST", "config/apply", "editor", doc);
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues).toEqual([
      { path: "segments[0].colour", message: "Unknown field" },
      { path: "segments[1].definition.conditions[0].segment", message: "No segment with key “readers” in this file" },
    ]);
    expect(await db().segment.count()).toBe(1);
  });
});
