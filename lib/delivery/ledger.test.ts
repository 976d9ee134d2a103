import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { startDeliveryLoop } from "@/lib/delivery/delivery-loop";
import { endpointFigures } from "@/lib/delivery/endpoint-figures";
import { listDeadLetters, replayDeadLetters } from "@/lib/delivery/dead-letters";
import { resumeEndpoint } from "@/lib/delivery/endpoints";
import { startEventReceiver, type EventReceiver } from "@/lib/delivery/testing/event-receiver";
import { fanOutEvents } from "@/lib/streams/fanout";
import { forwardedEventSchema } from "@/lib/streams/forwarded-event";
import { streamSender } from "@/lib/streams/stream-sender";
import { makeWebhookStream, storeEngagement } from "@/lib/streams/testing/stream-fixtures";

// The ledger end to end over real HTTP: events stored through ingest, fanned out by the
// transaction-id cursor, batched, signed, sent to a strict local receiver that verifies signatures.

let receiver: EventReceiver;
let secret: string;
let stop: (() => Promise<void>) | null = null;

const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const run = () => (stop = startDeliveryLoop({ feeders: [fanOutEvents], senders: [streamSender], idleMs: 20 }));

beforeAll(async () => {
  secret = (await import("@/lib/delivery/signing")).generateSigningSecret();
  receiver = await startEventReceiver({ secrets: [secret] });
});
afterEach(async () => {
  await stop?.();
  stop = null;
  receiver.fault = null;
  receiver.reset();
  await pool().query(`DELETE FROM event_streams; DELETE FROM delivery_endpoints`);
});
afterAll(() => receiver.close());

describe("delivery ledger", () => {
  it("forwards every matching event once, signed, in the documented shape, in order per person", async () => {
    const stream = await makeWebhookStream({ url: receiver.url, secret });
    const entries = Array.from({ length: 60 }, (_, i) => ({ person: i % 6, name: i < 6 ? "email_sent" : "email_opened" }));
    const ignored = await storeEngagement([{ person: 1, name: "page_viewed" }]);
    const ids = await storeEngagement(entries);
    run();
    await receiver.waitForEvents(60);
    expect(receiver.eventsDeliveredOnce(ids)).toMatchObject({ ok: true });
    expect(receiver.events.has(ignored[0]!)).toBe(false);
    expect(receiver.stats.badSignatures).toBe(0);
    const expected = new Map<string, string[]>();
    entries.forEach((e, i) => expected.set(`u${e.person}`, [...(expected.get(`u${e.person}`) ?? []), ids[i]!]));
    expect(receiver.orderViolations(expected)).toEqual([]);

    const body = receiver.batches[0]!.body as { events: unknown[] };
    const first = forwardedEventSchema.parse(body.events[0]);
    expect(first).toMatchObject({ campaign_id: "7", message_id: expect.stringMatching(/^dlv_/), channel: "email" });
    // An open without its own sent_at gets the time of the same message's sent event.
    const opened = body.events.map((e) => forwardedEventSchema.parse(e)).find((e) => e.name === "email_opened")!;
    expect(opened.sent_at).not.toBeNull();

    await until("figures", async () => (await endpointFigures([stream.id])).get(stream.id)!.queued === 0);
    const figures = (await endpointFigures([stream.id])).get(stream.id)!;
    expect(figures).toMatchObject({ queued: 0, dead: 0, delivered24h: 60, lagSeconds: null });
    expect(figures.health.state).toBe("flowing");
  });

  it("never skips an event committed late by a slow transaction: it waits for it", async () => {
    await makeWebhookStream({ url: receiver.url, secret });
    const slow = await pool().connect();
    try {
      await slow.query("BEGIN");
      // Takes an event id (and a transaction id) before the fast batch below, commits after it.
      const { rows } = await slow.query<{ id: string }>(
        `INSERT INTO events (name, type, properties, message_id, occurred_at) VALUES ('email_opened', 'engagement', '{}', 'slow-1', now()) RETURNING id::text`,
      );
      const fast = await storeEngagement([{ person: 1, name: "email_opened" }]);
      run();
      // The fan-out waits for the slow transaction rather than read past it (and never come back).
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.stats.eventsKept).toBe(0);
      await slow.query("COMMIT");
      await receiver.waitForEvents(2);
      expect(receiver.eventsDeliveredOnce([fast[0]!, `evt_${rows[0]!.id}`])).toMatchObject({ ok: true });
    } finally {
      slow.release();
    }
  });

  it("holds back only the person whose event the endpoint refuses; everyone else flows", async () => {
    const stream = await makeWebhookStream({ url: receiver.url, secret, settings: { retrySchedule: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] } });
    receiver.fault = (b) => (b.persons.includes("u3") ? { status: 500 } : null);
    const ids = await storeEngagement(Array.from({ length: 40 }, (_, i) => ({ person: i % 8, name: "email_opened" })));
    run();
    const others = ids.filter((_, i) => i % 8 !== 3);
    await until("everyone but u3", () => others.every((id) => receiver.events.has(id)));
    expect(ids.filter((_, i) => i % 8 === 3).some((id) => receiver.events.has(id))).toBe(false);
    // Once the refused batch is cornered (split down to u3), u3's 5 events wait for their retry.
    await until("u3 retrying", async () => {
      const f = (await endpointFigures([stream.id])).get(stream.id)!;
      return f.queued === 5 && f.health.state === "retrying";
    });
    receiver.fault = null;
    await receiver.waitForEvents(40);
    expect(receiver.eventsDeliveredOnce(ids)).toMatchObject({ ok: true });
    expect(receiver.orderViolations({ u3: ids.filter((_, i) => i % 8 === 3) })).toEqual([]);
  });

  it("slows down on 429 with Retry-After without spending attempts, and pauses on 410 until resumed", async () => {
    const stream = await makeWebhookStream({ url: receiver.url, secret, settings: { retrySchedule: [0] } });
    let throttles = 2;
    receiver.fault = () => (throttles-- > 0 ? { status: 429, headers: { "retry-after": "1" } } : null);
    const ids = await storeEngagement([{ person: 1, name: "email_opened" }]);
    run();
    await receiver.waitForEvents(1);
    expect(receiver.eventsDeliveredOnce(ids)).toMatchObject({ ok: true });
    await until("the delivered attempt recorded", async () => (await endpointFigures([stream.id])).get(stream.id)!.queued === 0);
    const { rows } = await pool().query(`SELECT outcome FROM delivery_attempts WHERE endpoint_id = $1 ORDER BY id`, [stream.id]);
    expect(rows.map((r) => r.outcome)).toEqual(["throttled", "throttled", "delivered"]);

    receiver.fault = () => ({ gone: true });
    const more = await storeEngagement([{ person: 2, name: "email_opened" }]);
    await until("paused", async () => (await endpointFigures([stream.id])).get(stream.id)!.health.state === "paused");
    expect((await endpointFigures([stream.id])).get(stream.id)!.health.reason).toMatch(/410/);
    receiver.fault = null;
    await resumeEndpoint(stream.id);
    await receiver.waitForEvents(2);
    expect(receiver.eventsDeliveredOnce([...ids, ...more])).toMatchObject({ ok: true });
  });

  it("dead-letters after the last retry, and a replay delivers it under the same webhook-id", async () => {
    const stream = await makeWebhookStream({ url: receiver.url, secret, settings: { retrySchedule: [0] } });
    receiver.fault = () => ({ status: 500 });
    const ids = await storeEngagement([{ person: 1, name: "email_clicked", props: { href: "https://shop.example/x" } }]);
    run();
    await until("dead", async () => (await endpointFigures([stream.id])).get(stream.id)!.dead === 1);
    const { deadLetters } = await listDeadLetters(stream.id, { limit: 10 });
    expect(deadLetters).toMatchObject([{ eventName: "email_clicked", attempts: 2, lastStatus: 500 }]);
    const failedId = receiver.batches.at(-1)!.webhookId;
    receiver.fault = null;
    expect(await replayDeadLetters(stream.id, "all")).toEqual({ replayed: 1 });
    await receiver.waitForEvents(1);
    expect(receiver.eventsDeliveredOnce(ids)).toMatchObject({ ok: true });
    expect(receiver.batches.at(-1)!.webhookId).toBe(failedId);
    expect((await endpointFigures([stream.id])).get(stream.id)!.dead).toBe(0);
  });
});

describe("rendered messages (notifications, webhook actions)", () => {
  it("are delivered with their payload, in the order enqueued per key", async () => {
    const { ensureEndpoint } = await import("@/lib/delivery/endpoints");
    const { enqueueDeliveries } = await import("@/lib/delivery/enqueue");
    const seen: unknown[][] = [];
    await ensureEndpoint(pool(), "ntf_test", "test_payload");
    const ids = await enqueueDeliveries(pool() as never, "ntf_test", [
      { orderingKey: "alert-1", payload: { n: 1 } },
      { orderingKey: "alert-1", payload: { n: 2 } },
    ]);
    expect(ids).toHaveLength(2);
    stop = startDeliveryLoop({
      feeders: [],
      idleMs: 20,
      senders: [
        {
          kind: "test_payload",
          config: async () => ({ batchSize: 10, maxWaitMs: 0, timeoutMs: 1_000, retrySchedule: [0], concurrency: 1 }),
          send: async (batch) => (seen.push(batch.messages.map((m) => m.payload)), { kind: "delivered" }),
        },
      ],
    });
    await until("delivered", () => seen.flat().length === 2);
    expect(seen.flat()).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
