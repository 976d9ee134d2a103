import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/openapi/build-document";
import { operations } from "@/lib/openapi/operations";
import { systemActor } from "@/lib/auth/actor";
import { createApiToken } from "@/lib/auth/api-tokens";
import type { IngestMessage } from "@/lib/ingest/message";
import { startRouteServer, type MountedRoute, type RouteServer } from "@/lib/ingest/testing/route-server";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { templateByKey } from "@/lib/segments/templates";
import { runSync } from "@/lib/sync/run-sync";
import { evaluateAlerts } from "@/lib/monitoring/alerts/evaluate-alerts";
import { pool } from "@/lib/db";
import { seedPeople } from "@/lib/sync/testing/fixtures";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";

// Every /api/v1 operation called for real over HTTP, as each role, and every JSON body
// checked against the response schema the OpenAPI document gives for that status.
const routeModules = (import.meta as unknown as { glob: (p: string, o: { eager: true }) => Record<string, Record<string, unknown>> }).glob(
  "/app/api/v1/**/route.ts",
  { eager: true },
);
const SECRET = "conformance-secret-0123456789";
let server: RouteServer;
let rx: Receiver;
const tokens: Record<string, string> = {};
type Call = { method: string; path: string; status: number; body: unknown; sent?: unknown };
const calls: Call[] = [];

beforeAll(async () => {
  const routes: MountedRoute[] = Object.entries(routeModules).map(([file, module]) => ({
    pattern: file.replace(/^\/app/, "").replace(/\/route\.ts$/, ""),
    module,
  }));
  server = await startRouteServer(routes);
  rx = await startReceiver(SECRET);
  for (const role of ["viewer", "editor", "admin"] as const)
    tokens[role] = (await createApiToken(systemActor("test"), { name: role, role })).token;
  await seedPeople(20);
  const msg = (m: Partial<IngestMessage>): IngestMessage => ({ externalId: null, anonymousId: null, ...m });
  const at = new Date("2026-06-01T10:00:00Z");
  await writeMessages(
    [
      msg({ externalId: "cus_1", email: "jane@example.com", traits: { plan: "pro" } }),
      ...Array.from({ length: 3 }, (_, i) =>
        msg({
          externalId: "cus_1",
          event: { type: "track", name: `E${i}`, properties: { i }, messageId: `c-${i}`, occurredAt: new Date(at.getTime() + i * 60_000) },
        }),
      ),
    ],
    { sourceId: "src-c", receivedAt: at, country: "US" },
  );
});
afterAll(async () => {
  await server.close();
  await rx.close();
});

/** `path` is the document's path ("/segments/{id}"); `params` fill it in. */
async function call(
  method: string,
  path: string,
  opts: {
    params?: Record<string, string>;
    body?: unknown;
    rawBody?: string;
    query?: string;
    role?: "viewer" | "editor" | "admin" | "nobody";
  } = {},
) {
  const url =
    path.replace(/\{(\w+)\}/g, (_m, k: string) => encodeURIComponent(opts.params?.[k] ?? "missing")) + (opts.query ? `?${opts.query}` : "");
  const res = await fetch(`${server.origin}/api/v1${url}`, {
    method,
    // "nobody": a token that does not exist (outside Next there is no session to fall back to).
    headers: {
      authorization: `Bearer ${opts.role === "nobody" ? "ds_not-a-real-token" : tokens[opts.role ?? "admin"]}`,
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: opts.rawBody ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const body = await res.json();
  calls.push({ method, path, status: res.status, body, sent: opts.body });
  return { status: res.status, body };
}

describe("the management API against its OpenAPI document", () => {
  it("exercises every operation", async () => {
    await call("GET", "/me", { role: "viewer" });
    const dest = (
      await call("POST", "/destinations", {
        body: { name: "Hook", kind: "webhook", settings: { url: rx.url, batchSize: 10 }, credentials: { signingSecret: SECRET } },
      })
    ).body.destination;
    await call("GET", "/destinations", { role: "viewer" });
    await call("GET", "/destinations/{id}", { params: { id: dest.id }, role: "viewer" });
    await call("PATCH", "/destinations/{id}", { params: { id: dest.id }, body: { name: "Hook 2" } });
    await call("POST", "/destinations/{id}/test", { params: { id: dest.id } });
    await call("GET", "/destinations/{id}/calls", { params: { id: dest.id }, query: "errors=false&limit=5", role: "viewer" });

    const def = templateByKey("checkout-no-purchase-2h")!.definition;
    const seg = (
      await call("POST", "/segments", {
        body: { name: "Checkout", definition: { conditions: [{ type: "identifier", identifier: "email" }] } },
      })
    ).body.segment;
    await call("POST", "/segments", { body: { name: "bad", definition: { conditions: [{ type: "nope" }] } } });
    await call("POST", "/segments/preview", { body: { definition: def }, role: "viewer" });
    await call("GET", "/segments", { role: "viewer" });
    await call("GET", "/segments/{id}", { params: { id: seg.id }, role: "viewer" });
    await call("PATCH", "/segments/{id}", { params: { id: seg.id }, body: { name: "Has email" } });
    await call("PUT", "/segments/{id}", { params: { id: seg.id }, body: { name: "Has an email" } });
    await call("POST", "/segments/{id}/refresh", { params: { id: seg.id } });
    await call("GET", "/segments/{id}/members", { params: { id: seg.id }, query: "limit=5", role: "viewer" });
    const buyers = (await call("POST", "/segments", { body: { name: "Buyers", definition: def } })).body.segment;

    const sync = (
      await call("POST", "/syncs", { body: { name: "Retarget", segmentId: seg.id, destinationId: dest.id, identifiers: ["email"] } })
    ).body.sync;
    const rule = (await call("POST", "/suppression-rules", { body: { name: "Purchased", segmentId: buyers.id } })).body.suppressionRule;
    await call("GET", "/suppression-rules", { role: "viewer" });
    await call("GET", "/suppression-rules/{id}", { params: { id: rule.id }, role: "viewer" });
    await call("PATCH", "/suppression-rules/{id}", { params: { id: rule.id }, body: { enabled: false } });
    await call("POST", "/syncs/{id}/runs", { params: { id: sync.id }, body: { dryRun: true } });
    const queued = (await call("POST", "/syncs/{id}/runs", { params: { id: sync.id }, rawBody: "" })).body.run;
    await runSync(sync.id, { runId: queued.id, trigger: "api" });
    await call("GET", "/syncs", { role: "viewer" });
    await call("GET", "/syncs/{id}", { params: { id: sync.id }, role: "viewer" });
    await call("PATCH", "/syncs/{id}", { params: { id: sync.id }, body: { state: "live", override: "Checked by hand for this test" } });
    await call("GET", "/syncs/{id}/checklist", { params: { id: sync.id }, role: "viewer" });
    await call("POST", "/syncs/{id}/checklist/signoffs", {
      params: { id: sync.id },
      body: { kind: "review", gate: "identity" },
      role: "editor",
    });
    await call("POST", "/syncs/{id}/checklist/signoffs", {
      params: { id: sync.id },
      body: { kind: "waiver", gate: "validation", reason: "no" },
    });
    await call("PATCH", "/syncs/{id}/checklist/plan", { params: { id: sync.id }, body: { metric: "order_completed" }, role: "editor" });
    // Approvals on: an editor's change to the live sync's segment waits for an admin's decision.
    await call("GET", "/approvals/settings", { role: "viewer" });
    await call("PATCH", "/approvals/settings", { body: { approvalsEnabled: true } });
    await call("PATCH", "/segments/{id}", { params: { id: seg.id }, body: { name: "Checkout (renamed)" }, role: "editor" });
    const [request] = (await call("GET", "/approvals", { role: "viewer" })).body.changeRequests;
    await call("POST", "/approvals/{id}/decision", { params: { id: request.id }, body: { decision: "approve", comment: "Fine" } });
    await call("PATCH", "/approvals/settings", { body: { approvalsEnabled: false } });
    await call("GET", "/syncs/{id}/runs", { params: { id: sync.id }, role: "viewer" });
    await call("GET", "/syncs/{id}/runs/{runId}", { params: { id: sync.id, runId: queued.id }, role: "viewer" });
    await call("GET", "/syncs/{id}/members", { params: { id: sync.id }, query: "limit=5", role: "viewer" });
    await call("GET", "/syncs/{id}/lift", { params: { id: sync.id }, query: "windowDays=7", role: "viewer" });
    await call("GET", "/overlap", { query: `items=segment:${seg.id},sync:${sync.id}`, role: "viewer" });
    await call("POST", "/overlap", {
      body: {
        items: [
          { kind: "segment", id: seg.id },
          { kind: "segment", id: buyers.id },
        ],
      },
      role: "viewer",
    });
    await call("POST", "/overlap", {
      body: { sample: { a: { kind: "segment", id: seg.id }, b: { kind: "sync", id: sync.id } } },
      role: "viewer",
    });
    await call("GET", "/segments/{id}/used-by", { params: { id: buyers.id }, role: "viewer" });
    await call("GET", "/conflicts", { role: "viewer" });
    await call("GET", "/conflicts", { query: `syncId=${sync.id}`, role: "viewer" });
    const upper = (
      await call("POST", "/syncs", {
        body: { name: "Retarget buyers", segmentId: buyers.id, destinationId: dest.id, identifiers: ["email"] },
      })
    ).body.sync;
    const group = (await call("POST", "/tier-groups", { body: { name: "Intent", syncIds: [sync.id, upper.id] } })).body.tierGroup;
    await call("GET", "/tier-groups", { role: "viewer" });
    await call("GET", "/tier-groups/{id}", { params: { id: group.id }, role: "viewer" });
    await call("PATCH", "/tier-groups/{id}", { params: { id: group.id }, body: { syncIds: [upper.id, sync.id] } });
    await call("GET", "/tier-groups/{id}/lift", { params: { id: group.id }, query: "windowDays=7", role: "viewer" });
    await call("DELETE", "/tier-groups/{id}", { params: { id: group.id } });
    await call("DELETE", "/syncs/{id}", { params: { id: upper.id } });
    await call("GET", "/syncs/{id}/trend", { params: { id: sync.id }, query: "range=24h", role: "viewer" });

    const stream = (
      await call("POST", "/event-streams", {
        body: {
          name: "Engagement",
          selector: { metrics: ["opened"], names: ["E0"] },
          destination: { kind: "webhook", settings: { url: rx.url } },
        },
      })
    ).body.eventStream;
    await call("POST", "/event-streams", {
      body: { name: "typo", selector: { names: ["E9x"] }, destination: { kind: "webhook", settings: { url: rx.url } } },
    });
    await call("GET", "/event-streams", { role: "viewer" });
    await call("GET", "/event-streams/{id}", { params: { id: stream.id }, role: "viewer" });
    await call("PATCH", "/event-streams/{id}", { params: { id: stream.id }, body: { name: "Engagement 2" } });
    await call("POST", "/event-streams/{id}/pause", { params: { id: stream.id } });
    await call("POST", "/event-streams/{id}/resume", { params: { id: stream.id } });
    await call("POST", "/event-streams/{id}/rotate-secret", { params: { id: stream.id }, rawBody: "" });
    await call("POST", "/event-streams/{id}/rotate-secret", { params: { id: stream.id }, body: { endRotation: true } });
    await call("GET", "/event-streams/{id}/attempts", { params: { id: stream.id }, role: "viewer" });
    await call("GET", "/event-streams/{id}/dead-letters", { params: { id: stream.id }, role: "viewer" });
    await call("POST", "/event-streams/{id}/replay", { params: { id: stream.id }, body: { deadLetters: "all" } });
    await call("POST", "/event-streams/{id}/replay", {
      params: { id: stream.id },
      body: { from: "2026-06-01T00:00:00Z", to: "2026-06-02T00:00:00Z" },
    });
    await call("DELETE", "/event-streams/{id}", { params: { id: stream.id } });

    const webhookAction = (
      await call("POST", "/webhook-actions", {
        body: {
          name: "Buyers → CRM",
          trigger: { kind: "segment_entered", segmentId: buyers.id },
          request: {
            url: rx.url,
            headers: [{ name: "Authorization", value: "Bearer {{ secrets.key }}" }],
            body: "{{ customer.email | json }}",
          },
          signing: { mode: "standard" },
          secrets: { key: "conformance-key-0123" },
        },
      })
    ).body.webhookAction;
    await call("POST", "/webhook-actions", {
      body: { name: "bad", trigger: { kind: "event", eventName: "E0" }, request: { url: rx.url, body: "{{ x" } },
    }); // 422
    await call("GET", "/webhook-actions", { role: "viewer" });
    await call("GET", "/webhook-actions/{id}", { params: { id: webhookAction.id }, role: "viewer" });
    await call("POST", "/webhook-actions/{id}/live", { params: { id: webhookAction.id } });
    await call("POST", "/webhook-actions/{id}/simulate", { params: { id: webhookAction.id }, body: { person: "none" }, role: "viewer" });
    await call("POST", "/webhook-actions/simulate", {
      body: {
        definition: { name: "Draft", trigger: { kind: "event", eventName: "E0" }, request: { url: rx.url, body: "{{ customer.email }}" } },
      },
      role: "viewer",
    });
    await call("POST", "/webhook-actions/{id}/test-send", {
      params: { id: webhookAction.id },
      body: { person: "none", attributes: { email: "t@x.test" } },
    });
    await call("PATCH", "/webhook-actions/{id}", { params: { id: webhookAction.id }, body: { delaySeconds: 60, secrets: { key: null } } }); // 422: the header uses it
    await call("PATCH", "/webhook-actions/{id}", { params: { id: webhookAction.id }, body: { delaySeconds: 60 } });
    await call("GET", "/webhook-actions/{id}/versions", { params: { id: webhookAction.id }, role: "viewer" });
    await call("POST", "/webhook-actions/{id}/pause", { params: { id: webhookAction.id } });
    await call("POST", "/webhook-actions/{id}/signing-key/rotate", { params: { id: webhookAction.id } });
    await call("GET", "/webhook-actions/{id}/attempts", { params: { id: webhookAction.id }, role: "viewer" });
    await call("GET", "/webhook-actions/{id}/dead-letters", { params: { id: webhookAction.id }, role: "viewer" });
    await call("POST", "/webhook-actions/{id}/dead-letters/replay", { params: { id: webhookAction.id }, body: { deadLetters: "all" } });
    await call("DELETE", "/webhook-actions/{id}", { params: { id: webhookAction.id } });

    const channel = (
      await call("POST", "/notification-channels", { body: { name: "Ops Slack", kind: "slack", credentials: { webhookUrl: rx.url } } })
    ).body.notificationChannel;
    await call("POST", "/notification-channels", { body: { name: "PD", kind: "pagerduty", credentials: { routingKey: "short" } } }); // 422
    await call("GET", "/notification-channels", { role: "viewer" });
    await call("GET", "/notification-channels/{id}", { params: { id: channel.id }, role: "viewer" });
    await call("PATCH", "/notification-channels/{id}", { params: { id: channel.id }, body: { name: "Ops Slack 2" } });
    await call("POST", "/notification-channels/{id}/test", { params: { id: channel.id }, rawBody: "" });
    await call("GET", "/notification-channels/{id}/attempts", { params: { id: channel.id }, role: "viewer" });
    await call("DELETE", "/notification-channels/{id}", { params: { id: channel.id } });

    const alertRule = (
      await call("POST", "/alert-rules", {
        body: { name: "Refused data", kind: "ingest_rejections", params: { minutes: 60, threshold: 1 } },
      })
    ).body.alertRule;
    await call("POST", "/alert-rules", { body: { name: "bad", kind: "counter_deviation", params: { counter: "revenue", percent: 10 } } });
    await call("GET", "/alert-rules", { role: "viewer" });
    await call("GET", "/alert-rules/{id}", { params: { id: alertRule.id }, role: "viewer" });
    await call("PATCH", "/alert-rules/{id}", { params: { id: alertRule.id }, body: { severity: "critical" } });
    await call("PATCH", "/alert-rules/{id}", { params: { id: "default-run-failed" }, body: { enabled: false } }); // 422: always on
    await pool().query("INSERT INTO ingest_rejections (channel, error) VALUES ('segment', 'not JSON')");
    await evaluateAlerts();
    const alerts = (await call("GET", "/alerts", { query: "state=active", role: "viewer" })).body.alerts;
    await call("GET", "/alerts/{id}", { params: { id: alerts[0].id }, role: "viewer" });
    await call("POST", "/alerts/{id}/acknowledge", { params: { id: alerts[0].id }, rawBody: "" });
    await call("DELETE", "/alert-rules/{id}", { params: { id: alertRule.id } });

    await call("POST", "/test-profiles", { body: { by: "ids", ids: "1, 2" } });
    await call("POST", "/test-profiles", { body: { by: "domain", domain: "nowhere.invalid" } }); // 422: nobody matches
    await call("GET", "/test-profiles", { role: "viewer" });
    const validation = (await call("POST", "/validations", { body: { syncId: sync.id, profileIds: ["1", "2"] } })).body.validation;
    await call("POST", "/validations", { body: { syncId: sync.id, profileIds: ["3"] } }); // 422: not a test profile
    await call("GET", "/validations", { query: `syncId=${sync.id}`, role: "viewer" });
    await call("GET", "/validations/{id}", { params: { id: validation.id }, role: "viewer" });

    const source = (await call("POST", "/sources", { body: { name: "Website" } })).body.source;
    await call("GET", "/sources", { role: "viewer" });
    await call("GET", "/sources/{id}", { params: { id: source.id }, role: "viewer" });
    await call("PATCH", "/sources/{id}", { params: { id: source.id }, body: { name: "Web app" } });
    await call("POST", "/sources/{id}/rotate", { params: { id: source.id }, body: { key: "write_key" } });
    await call("GET", "/sources/{id}/rejections", { params: { id: source.id }, role: "viewer" });
    await call("POST", "/sources/{id}/revoke", { params: { id: source.id } });

    await call("GET", "/people", { role: "viewer" });
    await call("GET", "/people", { query: "search=jane%40example.com", role: "viewer" });
    await call("GET", "/people/{externalId}", { params: { externalId: "cus_1" }, role: "viewer" });
    await call("GET", "/people/{externalId}/events", { params: { externalId: "cus_1" }, query: "limit=2", role: "viewer" });
    await call("GET", "/people/{externalId}/sync-history", { params: { externalId: "cus_1" }, role: "viewer" });
    await call("GET", "/identity/audit", { role: "viewer" });
    await call("GET", "/identity/settings", { role: "viewer" });
    await call("PUT", "/identity/settings", { body: { country: "GB" } }); // 422: the field is defaultCountry
    await call("PUT", "/identity/settings", { body: { defaultCountry: "GB" } });

    await call("POST", "/users", { body: { email: "admin@example.com", role: "admin", password: "correct horse battery" } });
    const user = (await call("POST", "/users", { body: { email: "new@example.com", role: "viewer", password: "correct horse battery" } }))
      .body.user;
    await call("GET", "/users");
    await call("PATCH", "/users/{id}", { params: { id: user.id }, body: { role: "editor" } });
    const token = (await call("POST", "/tokens", { body: { name: "ci", role: "viewer" } })).body.token;
    await call("GET", "/tokens");
    await call("DELETE", "/tokens/{id}", { params: { id: token.id } });
    await call("GET", "/audit", { role: "viewer" });

    await call("GET", "/tokens", { role: "viewer" });
    await call("GET", "/segments/{id}", { params: { id: "nope" }, role: "viewer" });
    await call("DELETE", "/syncs/{id}", { params: { id: sync.id } });
    await call("DELETE", "/suppression-rules/{id}", { params: { id: rule.id } });
    await call("DELETE", "/segments/{id}", { params: { id: buyers.id } });
    await call("DELETE", "/destinations/{id}", { params: { id: dest.id } });
    await call("DELETE", "/sources/{id}", { params: { id: source.id } });

    // Paging: a second page continues the first, and a made-up cursor is refused by name.
    const page1 = await call("GET", "/audit", { query: "limit=3", role: "viewer" });
    const page2 = await call("GET", "/audit", { query: `limit=3&cursor=${page1.body.nextCursor}`, role: "viewer" });
    expect(page2.body.entries[0].id).not.toBe(page1.body.entries[0].id);
    expect(BigInt(page2.body.entries[0].id)).toBeLessThan(BigInt(page1.body.entries.at(-1).id));
    const forged = await call("GET", "/segments", { query: "cursor=not-ours", role: "viewer" });
    expect([forged.status, forged.body.error.issues[0].path]).toEqual([400, "query.cursor"]);
    // A misspelt filter is refused rather than ignored (an unfiltered list would look filtered).
    const misspelt = await call("GET", "/audit", { query: "entity_type=segment", role: "viewer" });
    expect([misspelt.status, misspelt.body.error.message]).toEqual([422, expect.stringContaining("entity_type")]);
  });

  it("answers the errors the document lists: no token, too low a role, an id that does not exist", async () => {
    for (const op of operations) {
      const body = op.body ? {} : undefined;
      expect((await call(op.method, op.path, { role: "nobody", body })).status, `${op.method} ${op.path}`).toBe(401);
      if (op.role !== "viewer")
        expect((await call(op.method, op.path, { role: "viewer", body })).status, `${op.method} ${op.path}`).toBe(403);
      if (!op.path.includes("{")) continue;
      const missing = await call(op.method, op.path, {
        params: { id: "no-such-id", runId: "no-such-run", externalId: "no-such-person" },
        body,
      });
      // Reads of something that does not exist are a 404, never an empty page; changes may fail validation first.
      if (op.method === "GET" || !op.body) expect(missing.status, `${op.method} ${op.path}`).toBe(404);
      else expect([404, 422], `${op.method} ${op.path}`).toContain(missing.status);
    }
  });

  it("answered every operation, each with a body its status's schema in the document accepts", () => {
    const doc = buildOpenApiDocument() as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
      components: object;
    };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const problems: string[] = [];
    for (const c of calls) {
      const response = doc.paths[c.path]?.[c.method.toLowerCase()]?.responses[String(c.status)];
      const schema = response?.content?.["application/json"]?.schema;
      if (!schema) {
        problems.push(`${c.method} ${c.path} answered ${c.status}, which the document does not list`);
        continue;
      }
      const validate = ajv.compile({ ...schema, components: doc.components });
      if (!validate(c.body)) problems.push(`${c.method} ${c.path} ${c.status}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(problems).toEqual([]);
    const exercised = new Set(calls.filter((c) => c.status < 300).map((c) => `${c.method} ${c.path}`));
    expect(operations.map((op) => `${op.method} ${op.path}`).filter((k) => !exercised.has(k) && !k.includes("/config"))).toEqual([]);
  });

  it("every body the API accepted is one the document's request schema accepts", () => {
    const doc = buildOpenApiDocument() as unknown as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: object }> } }>>;
      components: object;
    };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const accepted = calls.filter((c) => c.status < 300 && c.sent !== undefined);
    expect(accepted.length).toBeGreaterThan(15);
    const problems: string[] = [];
    for (const c of accepted) {
      const schema = doc.paths[c.path]?.[c.method.toLowerCase()]?.requestBody?.content["application/json"]?.schema;
      if (!schema) {
        problems.push(`${c.method} ${c.path} accepted a body the document does not describe`);
        continue;
      }
      const validate = ajv.compile({ ...schema, components: doc.components });
      if (!validate(c.sent)) problems.push(`${c.method} ${c.path}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(problems).toEqual([]);
  });

  it("the schemas are closed: a response with an undocumented field (a secret, say) fails", () => {
    const doc = buildOpenApiDocument() as unknown as { components: { schemas: Record<string, object> } };
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile({ $ref: "#/components/schemas/Destination", components: doc.components });
    const listed = calls.find((c) => c.method === "GET" && c.path === "/destinations/{id}")!.body as {
      destination: Record<string, unknown>;
    };
    const { syncCount: _count, ...one } = listed.destination;
    expect(validate(one)).toBe(true);
    expect(validate({ ...one, credentials: { signingSecret: SECRET } })).toBe(false);
  });
});
