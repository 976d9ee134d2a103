import http from "node:http";
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { startDeliveryLoop } from "@/lib/delivery/delivery-loop";
import { endpointFigures, endpointHealth } from "@/lib/delivery/endpoint-figures";
import { resumeEndpoint } from "@/lib/delivery/endpoints";
import { MAX_EXCERPT_CHARS } from "@/lib/delivery/http-send";
import { BREAKER } from "@/lib/delivery/retry-schedule";
import { generateSigningSecret } from "@/lib/delivery/signing";
import { startEventReceiver, type EventFault, type EventReceiver } from "@/lib/delivery/testing/event-receiver";
import { fanOutEvents } from "@/lib/streams/fanout";
import { streamSender } from "@/lib/streams/stream-sender";
import { makeWebhookStream, storeEngagement } from "@/lib/streams/testing/stream-fixtures";

// Issue 11's fault acceptance over real HTTP: the ledger's worker loop (fan-out, batching, leases,
// retries, breaker) against the strict local receiver, which verifies every signature and records
// what it kept per webhook-id, per event and per person. After every scenario: each stored event was
// kept under exactly one webhook-id, per-person order held, and (where one person fails) everyone
// else arrived before that person's retry went through. ledger.test.ts has the basic behaviours;
// these go after what breaks under load, time and misbehaving receivers.

let receiver: EventReceiver;
let secret: string;
let stop: (() => Promise<void>) | null = null;
const servers: http.Server[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
};

const run = () => (stop = startDeliveryLoop({ feeders: [fanOutEvents], senders: [streamSender], idleMs: 20 }));
const figuresOf = async (id: string) => (await endpointFigures([id])).get(id)!;
const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await pool().query<T>(sql, params)).rows;

type Entry = { person: number; name: string };
const entriesFor = (people: number, perPerson: number, name = "email_opened"): Entry[] =>
  Array.from({ length: people * perPerson }, (_, i) => ({ person: i % people, name }));

/** person key → event ids in the order they were stored (one ingest batch: ids follow the entries). */
function orderOf(entries: Entry[], ids: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  entries.forEach((e, i) => out.set(`u${e.person}`, [...(out.get(`u${e.person}`) ?? []), ids[i]!]));
  return out;
}

/** The two promises every scenario ends on: each event kept under one webhook-id, and per-person order. */
function expectDeliveredOnceInOrder(batches: { entries: Entry[]; ids: string[] }[]) {
  const all = batches.flatMap((b) => b.ids);
  const once = receiver.eventsDeliveredOnce(all);
  expect(once).toMatchObject({ ok: true, missing: [], inSeveralWebhookIds: [], unexpected: [] });
  // Concurrent ingest batches have no order between them; within each, a person's events keep theirs.
  for (const b of batches) expect(receiver.orderViolations(orderOf(b.entries, b.ids))).toEqual([]);
  return once;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

beforeAll(async () => {
  secret = generateSigningSecret();
  receiver = await startEventReceiver({ secrets: [secret] });
});
afterEach(async () => {
  await stop?.();
  stop = null;
  receiver.fault = null;
  receiver.reset();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await pool().query(`DELETE FROM event_streams; DELETE FROM delivery_endpoints`);
});
afterAll(() => receiver.close());

describe("ledger faults over real HTTP", () => {
  it("slows down on 429 with Retry-After and on 503 without one, spends no attempt, says so, then delivers everything", async () => {
    const stream = await makeWebhookStream({ url: receiver.url, secret, settings: { batchSize: 10, retrySchedule: [0] } });
    // Bursts: the first requests are throttled with Retry-After, the next without one (503). A
    // one-entry schedule means any spent attempt would kill the batch: none may be spent.
    const faults: EventFault[] = [
      { status: 429, headers: { "retry-after": "1" } },
      { status: 429, headers: { "retry-after": "1" } },
      { status: 503 },
      { status: 503 },
    ];
    const throttledAt: number[] = [];
    const throttledRequests = new Set<number>();
    receiver.fault = (b) => {
      const f = faults.shift();
      if (f) {
        throttledAt.push(b.at);
        throttledRequests.add(b.n);
      }
      return f ?? null;
    };
    const entries = entriesFor(12, 5);
    const ids = await storeEngagement(entries);
    run();
    await until("slowed down", async () => (await endpointHealth(stream.id))?.state === "throttled");
    const slowed = await endpointHealth(stream.id);
    expect(slowed).toMatchObject({ word: "Slowed down", reason: expect.stringMatching(/asked us to slow down/) });
    await receiver.waitForEvents(ids.length, { timeoutMs: 30_000 });
    expectDeliveredOnceInOrder([{ entries, ids }]);

    // Retry-After: 1 (and 1 s for a 503 without one) was honoured: nothing went out for about a second.
    // The first pass's requests (at most the stream's 4 in flight) are all slowed, so the first
    // request that got through went out in a later pass, after the endpoint's pause.
    expect(throttledAt.length).toBe(4);
    const firstKept = receiver.batches.find((b) => !throttledRequests.has(b.n))!;
    expect(firstKept.at - throttledAt[0]!).toBeGreaterThanOrEqual(900);

    await until("all recorded", async () => (await figuresOf(stream.id)).queued === 0);
    const attempts = await q<{ outcome: string; status: number }>(
      `SELECT outcome, status FROM delivery_attempts WHERE endpoint_id = $1 AND outcome <> 'delivered' ORDER BY id`,
      [stream.id],
    );
    expect(attempts.map((a) => `${a.outcome} ${a.status}`)).toEqual(["throttled 429", "throttled 429", "throttled 503", "throttled 503"]);
    const [batches] = await q<{ spent: number; dead: number }>(
      `SELECT max(attempts)::int AS spent, count(*) FILTER (WHERE state = 'dead')::int AS dead FROM delivery_batches WHERE endpoint_id = $1`,
      [stream.id],
    );
    expect(batches).toEqual({ spent: 0, dead: 0 });
    expect((await figuresOf(stream.id)).health.state).toBe("flowing");
  });

  it("delivers every event once and in order per person when every 3rd request fails, with ingest batches written concurrently", async () => {
    const stream = await makeWebhookStream({
      url: receiver.url,
      secret,
      settings: { batchSize: 25, retrySchedule: Array.from({ length: 20 }, () => 0) },
    });
    let n = 0;
    receiver.fault = () => (++n % 3 === 0 ? { status: 500 } : null);
    run();
    // The people exist first, so the concurrent batches below only add events (not race to create profiles).
    const warm = entriesFor(40, 1);
    const warmIds = await storeEngagement(warm);
    const batches = Array.from({ length: 6 }, (_, b) => ({
      entries: entriesFor(40, 5).map((e) => ({ ...e, name: b % 2 ? "email_clicked" : "email_opened" })),
    }));
    const ids = await Promise.all(batches.map((b) => storeEngagement(b.entries)));
    const all = [{ entries: warm, ids: warmIds }, ...batches.map((b, i) => ({ entries: b.entries, ids: ids[i]! }))];
    const total = all.reduce((a, b) => a + b.ids.length, 0);
    await receiver.waitForEvents(total, { timeoutMs: 40_000 });
    expectDeliveredOnceInOrder(all);
    // The warm-up batch was stored (committed) before the others: each person's warm-up event comes first.
    for (let p = 0; p < 40; p++) expect(receiver.personOrder.get(`u${p}`)![0]).toBe(warmIds[p]);
    expect(receiver.stats.faulted).toBeGreaterThan(0);
    await until("outbox empty", async () => (await figuresOf(stream.id)).queued === 0);
    expect((await figuresOf(stream.id)).dead).toBe(0);
  });

  it("resends a batch that timed out under the same webhook-id; no event arrives under two webhook-ids", async () => {
    const stream = await makeWebhookStream({
      url: receiver.url,
      secret,
      settings: { timeoutMs: 1_000, batchSize: 50, retrySchedule: [0, 1] },
    });
    // The receiver stores the first batch, then hangs past the 1 s timeout before it answers.
    let hung = false;
    receiver.fault = () => (hung ? null : ((hung = true), { hangMs: 2_500 }));
    const entries = entriesFor(5, 4);
    const ids = await storeEngagement(entries);
    run();
    await until("the resend", () => receiver.duplicatesByWebhookId().length === 1);
    await receiver.waitForEvents(ids.length);
    const once = expectDeliveredOnceInOrder([{ entries, ids }]);
    const [dup] = receiver.duplicatesByWebhookId();
    expect(dup).toMatchObject({ kept: 2, seen: 2 });
    // Everything the hung request carried came again, under its webhook-id and no other.
    expect(once.resent.sort()).toEqual([...receiver.webhookIds.get(dup!.webhookId)!.eventIds].sort());
    const sightings = receiver.batches.filter((b) => b.webhookId === dup!.webhookId);
    expect(sightings.map((b) => b.previousSightings)).toEqual([0, 1]);
    // A fresh webhook-timestamp on the resend is allowed; the id is what receivers deduplicate on.
    expect(sightings[1]!.timestamp).toBeGreaterThanOrEqual(sightings[0]!.timestamp);

    await until("recorded", async () => (await figuresOf(stream.id)).queued === 0);
    const attempts = await q<{ outcome: string }>(`SELECT outcome FROM delivery_attempts WHERE batch_id = $1 ORDER BY id`, [
      dup!.webhookId,
    ]);
    expect(attempts.map((a) => a.outcome)).toEqual(["timeout", "delivered"]);
  });

  it("keeps events while the endpoint refuses connections, then drains them in order once it is reachable", async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/events`;
    const stream = await makeWebhookStream({
      url: dead,
      secret,
      settings: { batchSize: 10, retrySchedule: Array.from({ length: 20 }, () => 1) },
    });
    run();
    const first = entriesFor(6, 3);
    const firstIds = await storeEngagement(first);
    await until(
      "an unreachable attempt",
      async () => (await q(`SELECT 1 FROM delivery_attempts WHERE endpoint_id = $1 AND outcome = 'unreachable'`, [stream.id])).length > 0,
    );
    const second = entriesFor(6, 2, "email_clicked");
    const secondIds = await storeEngagement(second);
    await sleep(300);
    const waiting = await figuresOf(stream.id);
    expect(waiting.queued).toBe(firstIds.length + secondIds.length);
    expect(waiting.dead).toBe(0);
    expect(waiting.lagSeconds).not.toBeNull();
    expect(waiting.health.state).toBe("retrying");
    expect(receiver.stats.requests).toBe(0);

    // The endpoint comes up at another address; the stream's settings change (as an edit would).
    await pool().query(`UPDATE event_streams SET settings = jsonb_set(settings, '{url}', to_jsonb($2::text)) WHERE id = $1`, [
      stream.id,
      receiver.url,
    ]);
    await receiver.waitForEvents(firstIds.length + secondIds.length);
    expectDeliveredOnceInOrder([
      { entries: first, ids: firstIds },
      { entries: second, ids: secondIds },
    ]);
    // Stored in two batches one after the other: each person's first-batch events all come before their second-batch ones.
    const { u0 } = Object.fromEntries(receiver.personOrder);
    expect(u0).toEqual([...orderOf(first, firstIds).get("u0")!, ...orderOf(second, secondIds).get("u0")!]);
    await until("recorded", async () => (await figuresOf(stream.id)).queued === 0);
    expect((await figuresOf(stream.id)).health.state).toBe("flowing");
  });

  it("pauses on 410 with the reason, sends nothing while paused, and resume drains under the same webhook-id", async () => {
    const stream = await makeWebhookStream({ url: receiver.url, secret, settings: { batchSize: 50 } });
    receiver.fault = () => ({ gone: true });
    const entries = entriesFor(4, 3);
    const ids = await storeEngagement(entries);
    run();
    await until("paused", async () => (await endpointHealth(stream.id))?.state === "paused");
    const health = (await endpointHealth(stream.id))!;
    expect(health).toMatchObject({ word: "Paused", reason: expect.stringMatching(/410 Gone/) });
    const goneId = receiver.batches[0]!.webhookId;

    const later = entriesFor(4, 2, "email_clicked");
    const laterIds = await storeEngagement(later);
    const requestsWhenPaused = receiver.stats.requests;
    await sleep(1_200);
    expect(receiver.stats.requests).toBe(requestsWhenPaused);
    const held = await figuresOf(stream.id);
    expect(held).toMatchObject({ queued: ids.length + laterIds.length, held: ids.length + laterIds.length, dead: 0 });
    expect(held.health.state).toBe("paused");

    receiver.fault = null;
    await resumeEndpoint(stream.id);
    await receiver.waitForEvents(ids.length + laterIds.length);
    expectDeliveredOnceInOrder([
      { entries, ids },
      { entries: later, ids: laterIds },
    ]);
    // The batch the receiver turned away is the one that went first on resume, under its own id.
    expect(receiver.batches.find((b) => receiver.webhookIds.get(b.webhookId)!.kept > 0)!.webhookId).toBe(goneId);
    await until("flowing", async () => (await figuresOf(stream.id)).health.state === "flowing");
  });

  it("holds one person back without delaying anyone else: others arrive before that person's retry succeeds", async () => {
    const stream = await makeWebhookStream({ url: receiver.url, secret, settings: { batchSize: 20, retrySchedule: [1, 1, 1, 1, 1] } });
    let refusals = 3;
    let u3Refused = 0;
    receiver.fault = (b) => {
      if (!b.persons.includes("u3") || refusals <= 0) return null;
      // Refused only once u3 is alone in its batch: until then the ledger splits the batch by person.
      if (b.persons.length === 1) refusals--;
      u3Refused = Date.now();
      return { status: 500 };
    };
    run();
    const first = entriesFor(10, 3);
    const firstIds = await storeEngagement(first);
    // A later ingest batch, stored while u3 is failing: everyone else's events in it must not wait for u3.
    await until("u3 refused", () => u3Refused > 0);
    const second = entriesFor(10, 2, "email_clicked");
    const secondIds = await storeEngagement(second);
    const storedSecondAt = Date.now();
    await receiver.waitForEvents(firstIds.length + secondIds.length, { timeoutMs: 30_000 });
    expectDeliveredOnceInOrder([
      { entries: first, ids: firstIds },
      { entries: second, ids: secondIds },
    ]);

    const keptAt = (id: string) => receiver.events.get(id)!.firstKeptAt;
    const u3 = [...orderOf(first, firstIds).get("u3")!, ...orderOf(second, secondIds).get("u3")!];
    const others = [...firstIds, ...secondIds].filter((id) => !u3.includes(id));
    const u3First = Math.min(...u3.map(keptAt));
    // Order of arrival, not stopwatch numbers: every other person's events, including the ones
    // stored after u3 started failing, were kept before u3's first event finally went through.
    expect(others.filter((id) => keptAt(id) >= u3First)).toEqual([]);
    // And they were not held for u3's retries: their wait after storing is well under u3's.
    const othersSecondLag = Math.max(...secondIds.filter((id) => !u3.includes(id)).map((id) => keptAt(id) - storedSecondAt));
    expect(othersSecondLag).toBeLessThan(u3First - storedSecondAt);
    await until("recorded", async () => (await figuresOf(stream.id)).queued === 0);
    const [u3Batch] = await q<{ attempts: number }>(
      `SELECT attempts FROM delivery_batches WHERE endpoint_id = $1 AND state = 'delivered' AND attempts > 0`,
      [stream.id],
    );
    expect(u3Batch!.attempts).toBe(3);
  });

  it("opens the circuit breaker after sustained failures, holds new events, probes only, and drains in order on recovery", async () => {
    // One person's batch fails: three immediate retries, then a 13 s gap (±20% jitter: never under 10 s), then 2 s: the 5th failure
    // in a row lands past BREAKER.overMs, which opens the breaker with the first probe 5 s out.
    expect(BREAKER).toEqual({ failures: 5, overMs: 10_000 });
    const stream = await makeWebhookStream({
      url: receiver.url,
      secret,
      settings: { batchSize: 10, retrySchedule: [0, 0, 0, 13, 2, 2, 2, 2, 2, 2] },
    });
    let healthy = false;
    const requestsAt: number[] = [];
    receiver.fault = () => {
      requestsAt.push(Date.now());
      return healthy ? null : { status: 500 };
    };
    const firstEntries = [{ person: 1, name: "email_opened" }];
    const firstIds = await storeEngagement(firstEntries);
    run();
    await until("holding", async () => (await endpointHealth(stream.id))?.state === "holding", 30_000);
    const heldAt = Date.now();
    expect((await endpointHealth(stream.id))!).toMatchObject({ word: "Holding", reason: expect.stringMatching(/held, none dropped/) });
    expect(requestsAt.length).toBe(5);

    // New events while holding: batched and kept, not sent, not dead.
    const newEntries = entriesFor(5, 4).map((e) => ({ ...e, person: e.person + 1 }));
    const newIds = await storeEngagement(newEntries);
    await until("fanned out", async () => (await figuresOf(stream.id)).queued === 1 + newIds.length);
    await sleep(300);
    const holding = await figuresOf(stream.id);
    expect(holding).toMatchObject({ queued: 1 + newIds.length, held: 1 + newIds.length, dead: 0, retrying: 0 });

    // The first probe (about 5 s after the breaker opened) fails too; nothing else goes out meanwhile.
    await until("a probe", () => requestsAt.length === 6, 15_000);
    await until(
      "the probe recorded",
      async () => (await q(`SELECT 1 FROM delivery_attempts WHERE endpoint_id = $1`, [stream.id])).length === 6,
    );
    const [probe] = await q<{ probe: boolean; batch_id: string }>(
      `SELECT probe, batch_id FROM delivery_attempts WHERE endpoint_id = $1 ORDER BY id DESC LIMIT 1`,
      [stream.id],
    );
    expect(probe!.probe).toBe(true);
    expect(requestsAt[5]! - heldAt).toBeGreaterThan(3_000);
    await sleep(1_500);
    expect(requestsAt.length).toBe(6);
    expect((await endpointHealth(stream.id))!.state).toBe("holding");
    // A failed probe spends no attempt of the batch it carried.
    const [probed] = await q<{ attempts: number; state: string }>(`SELECT attempts, state FROM delivery_batches WHERE id = $1`, [
      probe!.batch_id,
    ]);
    expect(probed).toEqual({ attempts: 5, state: "pending" });

    // The endpoint recovers; the next probe gets through and the held events drain in order.
    healthy = true;
    await receiver.waitForEvents(1 + newIds.length, { timeoutMs: 30_000 });
    expectDeliveredOnceInOrder([
      { entries: firstEntries, ids: firstIds },
      { entries: newEntries, ids: newIds },
    ]);
    await until("recorded", async () => (await figuresOf(stream.id)).queued === 0);
    const after = await figuresOf(stream.id);
    expect(after).toMatchObject({ queued: 0, dead: 0, held: 0 });
    expect(after.health.state).toBe("flowing");
  }, 60_000);

  it("probes a holding endpoint 5 s after the breaker opens, however many requests failed before it opened", async () => {
    // Eight people failing: splits and requests in flight make a long streak before the breaker opens;
    // the first probe is still 5 s out (it once was the whole streak's backoff: 5 minutes).
    const stream = await makeWebhookStream({
      url: receiver.url,
      secret,
      settings: { batchSize: 10, retrySchedule: [0, 0, 0, 13, 2, 2, 2, 2, 2, 2] },
    });
    receiver.fault = () => ({ status: 500 });
    await storeEngagement(Array.from({ length: 8 }, (_, person) => ({ person, name: "email_opened" })));
    run();
    await until("holding", async () => (await endpointHealth(stream.id))?.state === "holding", 30_000);
    const [ep] = await q<{ streak: number; wait_ms: number }>(
      `SELECT consecutive_failures AS streak, (extract(epoch FROM next_probe_at - state_changed_at) * 1000)::int AS wait_ms
         FROM delivery_endpoints WHERE id = $1`,
      [stream.id],
    );
    expect(ep!.streak).toBeGreaterThan(BREAKER.failures);
    expect(ep!.wait_ms).toBeGreaterThanOrEqual(4_900);
    expect(ep!.wait_ms).toBeLessThanOrEqual(5_100);
  }, 40_000);

  it("keeps running through a 5 MB HTML 500 and binary 200s, recording only short excerpts", async () => {
    // A front that misbehaves for some requests and passes the rest to the strict receiver.
    const huge = `<html><body>${"<p>Internal error</p>".repeat((5 * 1024 * 1024) / 20)}</body></html>`;
    const binary = Buffer.from(Array.from({ length: 256 * 1024 }, (_, i) => (i * 31) % 256));
    const viaBinary = new Set<string>();
    let n = 0;
    const server = http.createServer((req, res) => {
      const k = ++n;
      if (k <= 2) {
        req.resume();
        return void res.writeHead(500, { "content-type": "text/html" }).end(huge);
      }
      if (k % 2 === 1) {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          for (const e of (JSON.parse(Buffer.concat(chunks).toString()) as { events: { id: string }[] }).events) viaBinary.add(e.id);
          res.writeHead(200, { "content-type": "application/octet-stream" }).end(binary);
        });
        return;
      }
      receiver.handler(req, res);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/events`;
    const stream = await makeWebhookStream({ url, secret, settings: { batchSize: 4, retrySchedule: Array.from({ length: 10 }, () => 0) } });
    const entries = entriesFor(8, 3);
    const ids = await storeEngagement(entries);
    run();
    await until("all delivered", () => receiver.events.size + viaBinary.size >= ids.length, 30_000);
    await until("recorded", async () => (await figuresOf(stream.id)).queued === 0);
    // Each event reached one side or the other, once.
    const atReceiver = [...receiver.events.keys()];
    expect([...atReceiver, ...viaBinary].sort()).toEqual([...ids].sort());
    expect(atReceiver.filter((id) => viaBinary.has(id))).toEqual([]);
    expect(receiver.duplicatesByWebhookId()).toEqual([]);

    const attempts = await q<{ outcome: string; status: number; len: number | null }>(
      `SELECT outcome, status, length(response_excerpt)::int AS len
         FROM delivery_attempts WHERE endpoint_id = $1 ORDER BY id`,
      [stream.id],
    );
    expect(attempts.slice(0, 2).map((a) => `${a.outcome} ${a.status}`)).toEqual(["failed 500", "failed 500"]);
    expect(attempts.filter((a) => a.outcome === "delivered").length).toBeGreaterThan(1);
    for (const a of attempts) expect(a.len ?? 0).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
    expect(attempts[0]!.len).toBeGreaterThan(0);
    // The loop is still alive: a new event goes out.
    const more = await storeEngagement([{ person: 99, name: "email_opened" }]);
    await until("one more", async () => receiver.events.has(more[0]!) || viaBinary.has(more[0]!));
  });
});
