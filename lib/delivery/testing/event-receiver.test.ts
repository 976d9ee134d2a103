import { afterEach, describe, expect, it } from "vitest";
import { sendHttp } from "@/lib/delivery/http-send";
import { generateSigningSecret, signatureHeaders } from "@/lib/delivery/signing";
import { startEventReceiver, type EventReceiver } from "./event-receiver";

// The receiver is what the ledger's fault tests trust, so it is tested the way they use it: real
// signed requests over HTTP (sendHttp), and the faults as the sender sees them.

const secret = generateSigningSecret();
let receiver: EventReceiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

type Ev = { id: string; person: string; receivedAt?: string; anonymous?: boolean };
const event = (e: Ev) => ({
  id: e.id,
  name: "email_opened",
  occurred_at: "2026-12-01T10:00:00.000Z",
  received_at: e.receivedAt ?? new Date().toISOString(),
  person: {
    external_id: e.anonymous ? null : e.person,
    anonymous_id: e.anonymous ? e.person : null,
    email: null,
    phone: null,
    email_sha256: null,
    phone_sha256: null,
  },
  properties: {},
});

function post(
  url: string,
  webhookId: string,
  events: Ev[],
  opts: { secrets?: string[]; mode?: "standard" | "customerio"; timeoutMs?: number; body?: string } = {},
) {
  const body =
    opts.body ?? JSON.stringify({ type: "event_stream.batch", stream: { id: "str_1", name: "Opens" }, events: events.map(event) });
  const headers = {
    "content-type": "application/json",
    ...signatureHeaders(opts.mode ?? "standard", opts.secrets ?? [secret], webhookId, Math.floor(Date.now() / 1000), body),
  };
  return sendHttp({ url, headers, body, timeoutMs: opts.timeoutMs ?? 5_000 });
}

describe("event receiver", () => {
  it("keeps signed batches, refuses bad signatures and malformed bodies, and verifies either secret of a rotation", async () => {
    const old = generateSigningSecret();
    receiver = await startEventReceiver({ secrets: [old] });
    expect((await post(receiver.url, "msg_1", [{ id: "evt_1", person: "p1" }], { secrets: [secret, old] })).outcome.kind).toBe("delivered");
    const bad = await post(receiver.url, "msg_2", [{ id: "evt_2", person: "p1" }], { secrets: [generateSigningSecret()] });
    expect(bad.outcome).toMatchObject({ kind: "failed", status: 401 });
    expect((await post(receiver.url, "msg_3", [], { body: '{"hello":"world"}', secrets: [old] })).outcome).toMatchObject({ status: 400 });
    expect(receiver.stats).toMatchObject({ requests: 3, badSignatures: 1, malformed: 1, keptRequests: 1, eventsKept: 1 });
    expect([...receiver.events.keys()]).toEqual(["evt_1"]);
    // The batch as sent, for tests of the body's shape and headers.
    expect(receiver.batches[0]).toMatchObject({
      webhookId: "msg_1",
      streamId: "str_1",
      body: { type: "event_stream.batch", events: [{ id: "evt_1", name: "email_opened" }] },
      headers: { "content-type": "application/json" },
    });
  });

  it("counts duplicates by webhook-id, and tells resends from an event sent in two batches", async () => {
    receiver = await startEventReceiver({ secrets: [secret] });
    await post(receiver.url, "msg_a", [
      { id: "evt_1", person: "p1" },
      { id: "evt_2", person: "p2" },
    ]);
    await post(receiver.url, "msg_a", [
      { id: "evt_1", person: "p1" },
      { id: "evt_2", person: "p2" },
    ]);
    await post(receiver.url, "msg_b", [
      { id: "evt_2", person: "p2" },
      { id: "evt_9", person: "p9" },
    ]);
    expect(receiver.duplicatesByWebhookId()).toEqual([{ webhookId: "msg_a", kept: 2, seen: 2 }]);
    expect(receiver.stats.duplicateRequests).toBe(1);
    expect(receiver.batches.map((b) => [b.webhookId, b.previousSightings])).toEqual([
      ["msg_a", 0],
      ["msg_a", 1],
      ["msg_b", 0],
    ]);
    expect(receiver.eventsDeliveredOnce(["evt_1", "evt_2", "evt_3"])).toEqual({
      ok: false,
      missing: ["evt_3"],
      inSeveralWebhookIds: ["evt_2"],
      resent: ["evt_1"],
      unexpected: ["evt_9"],
    });
    expect(receiver.eventsDeliveredOnce(["evt_1"]).ok).toBe(false);
  });

  it("records per-person arrival order (external id, else anonymous id) and reports violations", async () => {
    receiver = await startEventReceiver({ secrets: [secret] });
    await post(receiver.url, "msg_1", [
      { id: "a1", person: "alice" },
      { id: "b1", person: "anon-b", anonymous: true },
    ]);
    await post(receiver.url, "msg_2", [
      { id: "a3", person: "alice" },
      { id: "b2", person: "anon-b", anonymous: true },
    ]);
    await post(receiver.url, "msg_3", [{ id: "a2", person: "alice" }]);
    expect(receiver.personOrder.get("anon-b")).toEqual(["b1", "b2"]);
    expect(receiver.orderViolations({ alice: ["a1", "a2", "a3"], "anon-b": ["b1", "b2", "b3"] })).toEqual([
      { person: "alice", expected: ["a1", "a2", "a3"], actual: ["a1", "a3", "a2"] },
    ]);
    expect(receiver.orderViolations(new Map([["alice", ["a1", "a3", "a2"]]]))).toEqual([]);
  });

  it("measures lag from received_at to the moment it was kept", async () => {
    receiver = await startEventReceiver({ secrets: [secret] });
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    const events = [10_000, 20_000, 30_000, 600_000].map((ms, i) => ({ id: `e${i}`, person: "p", receivedAt: ago(ms) }));
    await post(receiver.url, "msg_1", events);
    const lag = receiver.lagPercentiles();
    expect(lag.count).toBe(4);
    // Ordered as sent: p50 is the 20 s one, p99 and max the 10-minute-old one (plus transit).
    expect(lag.p50).toBeGreaterThanOrEqual(20_000);
    expect(lag.p50).toBeLessThan(30_000);
    expect(lag.max).toBeGreaterThanOrEqual(600_000);
    expect(lag.p99).toBe(lag.max);
  });

  it("injects faults the sender sees as throttling, timeout, a dropped connection and 410", async () => {
    receiver = await startEventReceiver({ secrets: [secret] });
    receiver.fault = () => ({ status: 429, headers: { "retry-after": "7" } });
    expect((await post(receiver.url, "m1", [{ id: "e1", person: "p" }])).outcome).toMatchObject({ kind: "throttled", retryAfterMs: 7_000 });
    receiver.fault = () => ({ hangMs: 3_000 });
    expect((await post(receiver.url, "m2", [{ id: "e2", person: "p" }], { timeoutMs: 1_000 })).outcome.kind).toBe("timeout");
    receiver.fault = () => ({ close: true });
    expect((await post(receiver.url, "m3", [{ id: "e3", person: "p" }])).outcome.kind).toBe("unreachable");
    receiver.fault = () => ({ gone: true });
    expect((await post(receiver.url, "m4", [{ id: "e4", person: "p" }])).outcome.kind).toBe("gone");
    // A hung request was worked on (a real receiver may store it and answer too late); the others were not kept.
    expect([...receiver.events.keys()]).toEqual(["e2"]);
    expect(receiver.stats).toMatchObject({ faulted: 4, keptRequests: 1 });
  });

  it("fails only batches holding a given person, and the fault sees each batch", async () => {
    receiver = await startEventReceiver({ secrets: [secret] });
    const seen: string[][] = [];
    receiver.fault = (b) => {
      seen.push(b.persons);
      return { failPersons: ["bob"] };
    };
    expect((await post(receiver.url, "m1", [{ id: "e1", person: "alice" }])).outcome.kind).toBe("delivered");
    expect(
      (
        await post(receiver.url, "m2", [
          { id: "e2", person: "alice" },
          { id: "e3", person: "bob" },
        ])
      ).outcome,
    ).toMatchObject({ kind: "failed", status: 500 });
    expect(seen).toEqual([["alice"], ["alice", "bob"]]);
    expect(receiver.eventsDeliveredOnce(["e1"]).ok).toBe(true);
  });

  it("with record: false keeps counters and lag only", async () => {
    receiver = await startEventReceiver({ secrets: [secret], record: false });
    const wait = receiver.waitForEvents(3, { timeoutMs: 5_000 });
    await post(receiver.url, "m1", [
      { id: "e1", person: "a" },
      { id: "e2", person: "b" },
    ]);
    await post(receiver.url, "m1", [
      { id: "e1", person: "a" },
      { id: "e2", person: "b" },
    ]);
    await wait;
    expect(receiver.stats).toMatchObject({ keptRequests: 2, eventsKept: 4, duplicateRequests: 1 });
    expect(receiver.batches).toEqual([]);
    expect(receiver.events.size + receiver.personOrder.size + receiver.webhookIds.size).toBe(0);
    expect(receiver.lagPercentiles().count).toBe(4);
    const res = await fetch(receiver.url);
    expect(await res.json()).toMatchObject({ eventsKept: 4, requests: 2 });
  });

  it("verifies Customer.io-mode signatures when asked to", async () => {
    receiver = await startEventReceiver({ secrets: [secret], mode: "customerio" });
    expect((await post(receiver.url, "m1", [{ id: "e1", person: "a" }], { mode: "customerio" })).outcome.kind).toBe("delivered");
    expect((await post(receiver.url, "m2", [{ id: "e2", person: "a" }])).outcome).toMatchObject({ status: 401 });
    expect(
      (await post(receiver.url, "m3", [{ id: "e3", person: "a" }], { mode: "customerio", secrets: [generateSigningSecret()] })).outcome,
    ).toMatchObject({ status: 401 });
    expect(receiver.stats).toMatchObject({ keptRequests: 1, badSignatures: 2 });
  });

  it("waitForEvents says how far it got when events do not come", async () => {
    receiver = await startEventReceiver({ secrets: [secret] });
    await post(receiver.url, "m1", [{ id: "e1", person: "a" }]);
    await expect(receiver.waitForEvents(2, { timeoutMs: 200 })).rejects.toThrow("got 1 of 2 events");
  });
});
