import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";
import { createAction, type CreateActionInput } from "@/lib/webhook-actions/create-action";
import { actionAttempts } from "@/lib/webhook-actions/get-action";
import { echoResponse } from "@/lib/webhook-actions/simulator/echo-receiver";
import { sendTestRequest } from "@/lib/webhook-actions/simulator/send-test-request";
import { simulateAction } from "@/lib/webhook-actions/simulator/simulate-action";
import { recentSimulationEvents, searchSimulationPeople } from "@/lib/webhook-actions/simulator/simulation-people";

// The simulator against real records and real HTTP: it renders with a real person and event
// exactly as the runtime would, flags what is missing where it is used, and a test send goes
// through the action's ledger endpoint to the echo receiver (or the action's own URL) and shows
// what came back, with the secret masked everywhere, and stored nowhere.

const editor: Actor = { type: "user", id: "u1", label: "ed@x.test", role: "editor" };
const viewer: Actor = { type: "user", id: "u2", label: "vi@x.test", role: "viewer" };
const API_KEY = "sk_live_simulator_9f8e7d6c5b4a";

let echo: EmulatorServer;
let failing: EmulatorServer;
let ann: string;
let bob: string;
let checkout: string;

const cartAction = (url: string, over: Partial<CreateActionInput> = {}): CreateActionInput => ({
  name: "Cart abandoner → CRM",
  trigger: { kind: "segment_entered", segmentId: "seg-cart" },
  request: {
    method: "POST",
    url,
    headers: [{ name: "Authorization", value: "Bearer {{ secrets.api_key }}" }],
    body: '{"email": {{ customer.email | json }},\n "cart_value": {{ customer.cart_value }},\n "last_sku": {{ customer.last_sku | json }}}',
  },
  secrets: { api_key: API_KEY },
  ...over,
});

beforeAll(async () => {
  echo = await startEmulatorServer(echoResponse);
  process.env.ECHO_RECEIVER_URL = `${echo.url}/api/echo`;
  failing = await startEmulatorServer(async () => new Response('{"error":"down for maintenance"}', { status: 500 }));
  await db().segment.create({ data: { id: "seg-cart", name: "Cart abandoners", definition: { conditions: [] } } });
  const a = await db().profile.create({
    data: { externalId: "ann-1", email: "ann@example.com", attributes: { first_name: "Ann", cart_value: 129.5, last_sku: "SKU-9" } },
  });
  const b = await db().profile.create({ data: { externalId: "bob-2", email: "bob@example.com", attributes: { first_name: "Bob" } } });
  ann = a.id.toString();
  bob = b.id.toString();
  await db().segmentMembership.create({ data: { segmentId: "seg-cart", profileId: a.id } });
  const e = await db().event.create({
    data: {
      profileId: a.id,
      name: "checkout_started",
      properties: { sku: "SKU-9", total: 50 },
      occurredAt: new Date("2026-11-30T12:00:00Z"),
    },
  });
  checkout = e.id.toString();
});

afterAll(async () => {
  await echo?.close();
  await failing?.close();
});

describe("simulating an action", () => {
  it("renders for a real person as it would go: secrets masked, headers added at send named, the JSON body pretty-printed", async () => {
    const { action } = await createAction(editor, cartAction("https://crm.example.com/v1/people/{{ customer.id }}"));
    const sim = await simulateAction(viewer, { actionId: action.id }, { person: { profileId: ann } });
    expect(sim.ok).toBe(true);
    expect(sim.person).toMatchObject({ profileId: ann, label: "ann-1", how: "chosen" });
    expect(sim.request!.url).toBe("https://crm.example.com/v1/people/ann-1");
    expect(sim.request!.headers.filter((h) => !h.addedAtSend)).toEqual([
      { name: "Authorization", value: "Bearer ••••" },
      { name: "Content-Type", value: "application/json" },
    ]);
    expect(sim.request!.headers.map((h) => h.name)).toContain("webhook-id");
    expect(JSON.parse(sim.request!.body)).toEqual({ email: "ann@example.com", cart_value: 129.5, last_sku: "SKU-9" });
    expect(sim.request!.bodyPretty).toBe(JSON.stringify({ email: "ann@example.com", cart_value: 129.5, last_sku: "SKU-9" }, null, 2));
    expect(sim.warnings).toEqual([]);
    expect(JSON.stringify(sim)).not.toContain(API_KEY);

    // The one member of the segment is the random member; typed attributes go over the person's own.
    const random = await simulateAction(viewer, { actionId: action.id }, { attributes: { cart_value: 5 } });
    expect(random.person).toMatchObject({ profileId: ann, how: "random_member" });
    expect(JSON.parse(random.request!.body).cart_value).toBe(5);
  });

  it("flags a missing attribute where it is used, instead of sending an empty value silently", async () => {
    const { action } = await createAction(editor, cartAction("https://crm.example.com/v1/people"));
    const sim = await simulateAction(viewer, { actionId: action.id }, { person: { profileId: bob } });
    expect(sim.warnings).toContainEqual({
      field: "body",
      line: 2,
      column: 19,
      message: "customer.cart_value is not set for this person; it rendered as empty",
    });
    expect(sim.warnings).toContainEqual(expect.objectContaining({ field: "body", message: expect.stringMatching(/not valid JSON/) }));
  });

  it("renders an event trigger with the person's latest matching event, and lists recent matching events", async () => {
    const { action } = await createAction(
      editor,
      cartAction("https://crm.example.com/v1/events", {
        trigger: { kind: "event", eventName: "checkout_started", filters: [{ property: "total", op: "exists" }] },
        request: {
          method: "POST",
          url: "https://crm.example.com/v1/events",
          headers: [],
          body: "{{ event.properties.sku }} at {{ event.occurred_at | date: '%Y-%m-%d' }}",
        },
      }),
    );
    const events = await recentSimulationEvents(viewer, { actionId: action.id });
    expect(events.map((e) => [e.id, e.personLabel, e.name])).toEqual([[checkout, "ann-1", "checkout_started"]]);
    const sim = await simulateAction(viewer, { actionId: action.id }, { person: { profileId: ann } });
    expect(sim.event).toMatchObject({ id: checkout, name: "checkout_started", typed: false });
    expect(sim.request!.body).toBe("SKU-9 at 2026-11-30");
    const typed = await simulateAction(viewer, { actionId: action.id }, { person: "none", eventProperties: { sku: "TYPED-1" } });
    expect(typed.request!.body).toMatch(/^TYPED-1 at /);
  });

  it("simulates an unsaved definition with typed attributes, and reports its problems with line and column", async () => {
    const definition = {
      name: "Draft",
      trigger: { kind: "segment_entered" as const, segmentId: "seg-cart" },
      request: {
        method: "POST" as const,
        url: "https://crm.example.com/x",
        headers: [],
        body: "{{ customer.first_name }}\n{{ customer.tier | upcas }}",
      },
    };
    const bad = await simulateAction(viewer, { definition }, { person: "none", attributes: { first_name: "Typed" } });
    expect(bad.ok).toBe(false);
    expect(bad.problems).toEqual([{ field: "body", line: 2, column: 1, message: 'There is no filter called "upcas".' }]);
    const good = await simulateAction(
      viewer,
      { definition: { ...definition, request: { ...definition.request, body: "Hi {{ customer.first_name }} in {{ segment.name }}" } } },
      { person: "none", attributes: { first_name: "Typed" } },
    );
    expect(good.request!.body).toBe("Hi Typed in Cart abandoners");
    expect(good.person).toMatchObject({ profileId: null, label: "Typed attributes", how: "typed" });
  });

  it("finds people by email, marked with whether they are in the trigger's segment", async () => {
    const { action } = await createAction(editor, cartAction("https://crm.example.com/v1/people"));
    const found = await searchSimulationPeople(viewer, { actionId: action.id }, "bob@example.com");
    expect(found).toEqual([{ profileId: bob, label: "bob-2", email: "bob@example.com", externalId: "bob-2", inSegment: false }]);
  });
});

describe("sending a test", () => {
  it("goes to the echo receiver over real HTTP through the ledger, marked as a test, with the secret masked and stored nowhere", async () => {
    const { action } = await createAction(editor, cartAction("https://crm.example.com/v1/people/{{ customer.id }}"));
    await expect(sendTestRequest(viewer, action.id, { target: "echo" })).rejects.toMatchObject({ code: "forbidden" });
    const r = await sendTestRequest(editor, action.id, { target: "echo", person: { profileId: ann } });
    expect(r.outcome).toBe("delivered");
    expect(r.status).toBe(200);
    expect(r.url).toBe(`${echo.url}/api/echo/actions/${action.id}`);
    expect(typeof r.latencyMs).toBe("number");
    expect(r.response!.headers).toContainEqual(["content-type", "application/json"]);
    const echoed = JSON.parse(r.response!.body).request;
    expect(echoed.method).toBe("POST");
    expect(echoed.json).toEqual({ email: "ann@example.com", cart_value: 129.5, last_sku: "SKU-9" });
    const got = Object.fromEntries(echoed.headers as [string, string][]);
    expect(got.authorization).toBe("Bearer ••••"); // the receiver got the key; what is shown is masked
    expect(got["x-downstream-test"]).toBe("true");
    expect(got["webhook-id"]).toMatch(/^msg_/);
    expect(r.retryPolicy).toMatch(/^If a request fails it is tried 8 more times, waiting immediately, 5 s, 5 min/);

    // The attempt is marked a test through the audit entry naming its batch (the outbox row is gone once delivered).
    const { rows: audit } = await pool().query(
      `SELECT after FROM audit_logs WHERE entity_id = $1 AND action = 'webhook_action.test_sent'`,
      [action.id],
    );
    expect(audit.map((a) => a.after)).toEqual([expect.objectContaining({ test: true, target: "echo", batchId: r.attempt!.batchId })]);
    const listed = await actionAttempts(action.id, { limit: 10 });
    expect(listed.attempts.map((a) => [a.batchId, a.test])).toEqual([[r.attempt!.batchId, true]]);
    for (const table of ["deliveries", "delivery_batches", "delivery_attempts", "audit_logs", "webhook_actions"]) {
      const { rows } = await pool().query(`SELECT count(*)::int AS n FROM ${table} t WHERE t::text LIKE $1`, [`%${API_KEY}%`]);
      expect(rows[0].n, table).toBe(0);
    }
  });

  it("to a failing endpoint: shows the status and the answer, and says how it is retried", async () => {
    const { action } = await createAction(editor, cartAction(`${failing.url}/hook`, { retrySchedule: [5, 60] }));
    const r = await sendTestRequest(editor, action.id, { target: "endpoint", person: { profileId: ann } });
    expect(r.outcome).toBe("failed");
    expect(r.status).toBe(500);
    expect(r.response!.body).toContain("down for maintenance");
    expect(r.message).toMatch(/retried like any request/);
    expect(r.retryPolicy).toMatch(/^If a request fails it is tried 2 more times, waiting 5 s, 1 min/);
    expect(r.attempt).toMatchObject({ outcome: "failed", status: 500 });
  });

  it("does not send a request that does not render, and says why", async () => {
    const { action } = await createAction(editor, cartAction("https://crm.example.com/v1/people/{{ customer.id }}"));
    const r = await sendTestRequest(editor, action.id, { target: "echo", person: "none", attributes: { id: "x\ny" } });
    // A typed id with a line break cannot break the URL's line; it is refused where it renders.
    expect(r.outcome).toBe(r.simulation.ok ? "delivered" : "not_sent");
  });
});
