import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { listDeadLetters, replayDeadLetters } from "@/lib/delivery/dead-letters";
import { deliverEndpoint } from "@/lib/delivery/deliver-endpoint";
import { startDeliveryLoop } from "@/lib/delivery/delivery-loop";
import { enqueueDeliveries } from "@/lib/delivery/enqueue";
import { generateSigningSecret, verifyStandard } from "@/lib/delivery/signing";
import { ACTION_PAYLOAD_VERSION, type ActionPayload } from "@/lib/webhook-actions/runtime/action-payload";
import { actionSender } from "@/lib/webhook-actions/runtime/action-sender";
import { feedActionTriggers } from "@/lib/webhook-actions/runtime/feed-action-triggers";
import { fireChunk, fireDueTriggers } from "@/lib/webhook-actions/runtime/fire-due-triggers";
import { hmacHex } from "@/lib/webhook-actions/runtime/sign-action-request";
import { takeRateToken } from "@/lib/webhook-actions/runtime/take-rate-token";
import { makeAction, makePeople, makeVipSegment, refreshVips, setVip } from "@/lib/webhook-actions/runtime/testing/action-fixtures";
import { startActionReceiver, type ActionReceiver } from "@/lib/webhook-actions/runtime/testing/action-receiver";
import { webhookActionFeeder } from "@/lib/webhook-actions/runtime/webhook-action-feeder";

// The webhook-action runtime end to end over real HTTP: segment refreshes and ingest write
// transitions and events, the feeder turns them into triggers, due triggers are rendered into the
// ledger, and the sender delivers them to a local receiver.

let receiver: ActionReceiver;
let stop: (() => Promise<void>) | null = null;

const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

const run = () => (stop = startDeliveryLoop({ feeders: [webhookActionFeeder], senders: [actionSender], idleMs: 20 }));

async function triggers(actionId: string) {
  const { rows } = await pool().query<{ profile_id: string; source: string; state: string; skip_reason: string | null }>(
    `SELECT profile_id::text, source, state, skip_reason FROM webhook_action_triggers WHERE action_id = $1 ORDER BY id`,
    [actionId],
  );
  return rows;
}

/** Makes every pending trigger of the action due now: time moves by rewriting due_at, not by sleeping. */
const makeDue = (actionId: string) =>
  pool().query(`UPDATE webhook_action_triggers SET due_at = now() - interval '1 second' WHERE action_id = $1 AND state = 'pending'`, [
    actionId,
  ]);

beforeAll(async () => {
  receiver = await startActionReceiver();
  await makeVipSegment();
});
beforeEach(async () => {
  // Start each test from the current position: nothing earlier tests stored is owed to the next one's actions.
  await feedActionTriggers();
});
afterEach(async () => {
  await stop?.();
  stop = null;
  receiver.reset();
  // Nobody is a VIP any more and nobody is in the segment: the next test's refresh moves only its own people.
  await pool().query(
    `DELETE FROM webhook_actions; DELETE FROM delivery_endpoints; UPDATE profiles SET attributes = attributes - 'vip';
     DELETE FROM segment_memberships; DELETE FROM segment_transitions; DELETE FROM events`,
  );
});
afterAll(() => receiver.close());

describe("segment entry", () => {
  it("fires once per person entering, not on every refresh, signed with the user's key, and never for a test profile", async () => {
    const key = generateSigningSecret();
    const action = await makeAction({
      url: `${receiver.url}/crm`,
      signing: { mode: "standard" },
      signingKey: key,
      secrets: { api_key: "sk_live_0123456789abcdef" },
      request: {
        method: "PUT",
        url: `${receiver.url}/crm`,
        headers: [{ name: "Authorization", value: "Bearer {{ secrets.api_key }}" }],
        body: '{"email":"{{ customer.email }}"}',
      },
    });
    const people = await makePeople(3);
    const [qa] = await makePeople(1, { isTest: true });
    await setVip([...people, qa!], true);
    await refreshVips();
    await refreshVips(); // still members: no new transition, no new request
    run();
    await receiver.waitFor(3);
    await refreshVips();
    await until("the loop to settle", async () => (await triggers(action.id)).every((t) => t.state !== "pending"));
    expect(receiver.webhookIds.size).toBe(3);
    const got = receiver.requests;
    expect(got.map((r) => r.method)).toEqual(["PUT", "PUT", "PUT"]);
    expect(got.every((r) => r.headers.authorization === "Bearer sk_live_0123456789abcdef")).toBe(true);
    for (const r of got) {
      const check = verifyStandard(
        [key],
        {
          id: r.headers["webhook-id"] as string,
          timestamp: r.headers["webhook-timestamp"] as string,
          signature: r.headers["webhook-signature"] as string,
        },
        r.body,
      );
      expect(check).toEqual({ ok: true });
    }
    expect((await triggers(action.id)).map((t) => t.profile_id).sort()).toEqual([...people].sort());

    // Leaving and coming back is a new entry: it fires again.
    await setVip([people[0]!], false);
    await refreshVips();
    await setVip([people[0]!], true);
    await refreshVips();
    await receiver.waitFor(4);
  });

  it("re-checks membership when the delay is over: someone who left in the meantime is skipped", async () => {
    const action = await makeAction({ url: `${receiver.url}/later`, delaySeconds: 7_200 });
    const [stays, leaves] = await makePeople(2);
    await setVip([stays!, leaves!], true);
    await refreshVips();
    await feedActionTriggers();
    // Not due yet: nothing is decided.
    expect(await fireDueTriggers()).toBe(0);
    await setVip([leaves!], false);
    await refreshVips();
    await makeDue(action.id);
    run();
    await receiver.waitFor(1);
    await until("both decided", async () => (await triggers(action.id)).every((t) => t.state !== "pending"));
    const decided = await triggers(action.id);
    expect(decided.find((t) => t.profile_id === stays)).toMatchObject({ state: "enqueued" });
    expect(decided.find((t) => t.profile_id === leaves)).toMatchObject({ state: "skipped", skip_reason: "left_segment" });
    expect(JSON.parse(receiver.requests[0]!.body)).toEqual({ id: expect.stringMatching(/^p/) });
  });

  it("a paused action holds its triggers and sends them, in order, when it is live again", async () => {
    const action = await makeAction({ url: `${receiver.url}/held`, state: "paused" });
    const people = await makePeople(2);
    await setVip(people, true);
    await refreshVips();
    await feedActionTriggers();
    await fireDueTriggers();
    expect((await triggers(action.id)).map((t) => t.state)).toEqual(["pending", "pending"]);
    await pool().query(`UPDATE webhook_actions SET state = 'live' WHERE id = $1`, [action.id]);
    run();
    await receiver.waitFor(2);
    expect((await triggers(action.id)).map((t) => t.state)).toEqual(["enqueued", "enqueued"]);
  });
});

describe("event triggers", () => {
  const storeEvents = (profileId: string, names: { name: string; props?: Record<string, unknown> }[]) =>
    pool().query(
      `INSERT INTO events (profile_id, name, properties, occurred_at)
       SELECT $1, e.name, e.props, now() FROM ROWS FROM (json_to_recordset($2::json) AS (name text, props jsonb)) WITH ORDINALITY AS e(name, props, n) ORDER BY e.n`,
      [profileId, JSON.stringify(names.map((n) => ({ name: n.name, props: n.props ?? {} })))],
    );

  it("fire for matching name and properties, one request per event, in order per person", async () => {
    await makeAction({
      url: `${receiver.url}/events`,
      trigger: { kind: "event", eventName: "checkout_started", filters: [{ property: "cart.value", op: "exists" }] },
      request: { method: "POST", url: `${receiver.url}/events`, body: '{"n":{{ event.properties.n }}}' },
    });
    const [a, b] = await makePeople(2);
    await storeEvents(
      a!,
      [1, 2, 3, 4, 5].map((n) => ({ name: "checkout_started", props: { n, cart: { value: 10 } } })),
    );
    await storeEvents(b!, [
      { name: "checkout_started", props: { n: 9 } },
      { name: "page_viewed", props: { n: 8, cart: { value: 1 } } },
    ]);
    run();
    await receiver.waitFor(5);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.requests.map((r) => JSON.parse(r.body).n)).toEqual([1, 2, 3, 4, 5]);
  });

  it("the frequency limit holds across two workers deciding the same person at the same time", async () => {
    const action = await makeAction({
      url: `${receiver.url}/limited`,
      trigger: { kind: "event", eventName: "viewed", filters: [] },
      frequencyLimitSeconds: 86_400,
    });
    const [person] = await makePeople(1);
    await storeEvents(person!, [{ name: "viewed" }, { name: "viewed" }]);
    await feedActionTriggers();
    let second: Promise<unknown> | null = null;
    const first = fireChunk({
      chunkSize: 1,
      actionIds: [action.id],
      // Worker 1 has claimed the first trigger and the person's fire, not yet committed: worker 2
      // claims the other trigger meanwhile and must wait on the person's row, then see it fired.
      beforeCommit: async () => {
        second = fireChunk({ chunkSize: 1, actionIds: [action.id] });
        await until("worker 2 to wait on worker 1's row", async () => {
          const { rows } = await pool().query(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%webhook_action_person_fires%'`,
          );
          return rows.length > 0;
        });
      },
    });
    expect(await first).toMatchObject({ enqueued: 1, skipped: 0 });
    expect(await second).toMatchObject({ enqueued: 0, skipped: 1 });
    expect((await triggers(action.id)).map((t) => [t.state, t.skip_reason])).toEqual([
      ["enqueued", null],
      ["skipped", "frequency_limit"],
    ]);
  });
});

describe("the sender", () => {
  it("retries a 500, dead-letters it after the schedule, and a replay arrives", async () => {
    const action = await makeAction({ url: `${receiver.url}/flaky`, retrySchedule: [0] });
    receiver.respond = () => ({ status: 500, body: '{"error":"boom"}' });
    const [person] = await makePeople(1);
    await setVip([person!], true);
    await refreshVips();
    run();
    await until("the request to die", async () => (await listDeadLetters(action.id, { limit: 10 })).deadLetters.length === 1);
    expect(receiver.count).toBe(2);
    receiver.respond = null;
    expect(await replayDeadLetters(action.id, "all")).toEqual({ replayed: 1 });
    await receiver.waitFor(1);
    expect(JSON.parse(receiver.requests.at(-1)!.body)).toEqual({ id: expect.any(String) });
  });

  it("maps a JSON answer onto the person as a normal attribute change, never for a test send", async () => {
    const action = await makeAction({
      url: `${receiver.url}/tier`,
      responseMapping: [
        { from: "data.tier", to: "loyalty_tier" },
        { from: "data.missing", to: "nope" },
      ],
    });
    receiver.respond = (r) => ({ status: 200, body: JSON.stringify({ data: { tier: r.path === "/tier" ? "gold" : "test" } }) });
    const [person] = await makePeople(1);
    await setVip([person!], true);
    await refreshVips();
    run();
    await receiver.waitFor(1);
    // The ingest writer commits each statement on its own: the attribute lands a moment before the identify event.
    await until("the attribute and its event", async () => {
      const { rows } = await pool().query(
        `SELECT attributes->>'loyalty_tier' AS tier, EXISTS (SELECT 1 FROM events WHERE profile_id = $1 AND type = 'identify') AS logged
           FROM profiles WHERE id = $1`,
        [person],
      );
      return rows[0]?.tier === "gold" && rows[0]?.logged === true;
    });
    // On the person's timeline: an identify naming the action.
    const { rows: events } = await pool().query(`SELECT type, properties FROM events WHERE profile_id = $1 AND type = 'identify'`, [
      person,
    ]);
    expect(events).toEqual([
      {
        type: "identify",
        properties: { traits: { loyalty_tier: "gold" }, webhook_action: { id: action.id, name: action.definition.name } },
      },
    ]);
    const attempt = async () =>
      (await pool().query(`SELECT response_excerpt FROM delivery_attempts WHERE endpoint_id = $1`, [action.id])).rows[0]?.response_excerpt;
    await until("the attempt record", async () => !!(await attempt()));
    expect(await attempt()).toMatch(/^Wrote loyalty_tier onto the person\. Not in the response: data\.missing\./);

    // A test send: delivered, but the answer is not written back.
    await stop?.();
    stop = null;
    const payload: ActionPayload = {
      v: ACTION_PAYLOAD_VERSION,
      actionId: action.id,
      version: 1,
      triggerId: null,
      profileId: person!,
      externalId: null,
      test: true,
      trigger: "enter",
      request: { method: "POST", url: `${receiver.url}/test`, headers: [], body: "{}" },
    };
    await enqueueDeliveries(pool(), action.id, [{ orderingKey: `t:${Date.now()}`, payload }]);
    await deliverEndpoint(action.id, actionSender, (await actionSender.config(action.id))!);
    await receiver.waitFor(2);
    expect(receiver.requests.at(-1)!.headers["x-downstream-test"]).toBe("true");
    const { rows } = await pool().query(`SELECT attributes->>'loyalty_tier' AS tier FROM profiles WHERE id = $1`, [person]);
    expect(rows[0]!.tier).toBe("gold");
  });

  it("never writes a secret value to any stored record, even when the receiver echoes it back", async () => {
    const secret = "sk_live_SUPERSECRET_4242";
    const key = generateSigningSecret();
    const action = await makeAction({
      url: `${receiver.url}/echo`,
      secrets: { token: secret },
      signing: { mode: "header", header: "X-Signature" },
      signingKey: key,
      request: {
        method: "POST",
        url: `${receiver.url}/echo?key={{ secrets.token }}`,
        headers: [{ name: "X-Api-Key", value: "{{ secrets.token }}" }],
        body: '{"token":"{{ secrets.token }}","who":"{{ customer.email }}"}',
      },
    });
    // First refused with the secret in the answer (an error record), then accepted echoing it.
    let calls = 0;
    receiver.respond = (r) => ({
      status: calls++ === 0 ? 400 : 200,
      body: `you sent ${r.headers["x-api-key"]} and ${r.body} to ${r.path}`,
    });
    const [person] = await makePeople(1);
    await setVip([person!], true);
    await refreshVips();
    run();
    await receiver.waitFor(1);
    const got = receiver.requests.at(-1)!;
    expect(got.path).toBe(`/echo?key=${secret}`);
    expect(got.headers["x-signature"]).toBe(hmacHex(key, got.body));
    await until("the attempts", async () => {
      const { rows } = await pool().query(`SELECT count(*)::int AS n FROM delivery_attempts WHERE endpoint_id = $1`, [action.id]);
      return rows[0]!.n === 2;
    });
    const tables = [
      "deliveries",
      "delivery_attempts",
      "delivery_batches",
      "audit_logs",
      "webhook_actions",
      "webhook_action_triggers",
      "webhook_action_versions",
      "webhook_action_person_fires",
    ];
    for (const table of tables) {
      const { rows } = await pool().query(
        `SELECT count(*)::int AS n FROM ${table} t WHERE t::text LIKE '%' || $1 || '%' OR t::text LIKE '%' || $2 || '%'`,
        [secret, key.slice(6)],
      );
      expect({ table, n: rows[0]!.n }).toEqual({ table, n: 0 });
    }
    const { rows } = await pool().query(`SELECT response_excerpt FROM delivery_attempts WHERE endpoint_id = $1 ORDER BY id`, [action.id]);
    expect(rows[1]!.response_excerpt).toContain("you sent ••••");
  });

  it("the rate limit lets at most N requests a second through, shared by every caller", async () => {
    const action = await makeAction({ url: `${receiver.url}/rate`, ratePerSecond: 3 });
    const takes = await Promise.all(Array.from({ length: 5 }, () => takeRateToken(pool(), action.id, 3)));
    expect(takes.filter((t) => t.ok)).toHaveLength(3);
    const refused = takes.find((t) => !t.ok);
    expect(refused).toMatchObject({ ok: false, retryAfterMs: expect.any(Number) });
    expect(refused && !refused.ok && refused.retryAfterMs).toBeGreaterThan(0);
  });
});
