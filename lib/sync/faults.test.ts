import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { runSync } from "@/lib/sync/run-sync";
import { deliveredKeys, makeDestination, makeRule, makeSegment, makeSync, seedPeople, setMembers } from "@/lib/sync/testing/fixtures";
import { desiredOracle, sorted } from "@/lib/sync/testing/oracle";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";

// Acceptance: a receiver that throttles, fails with 500, times out, refuses some members, or
// refuses whole requests. After each, the delivered set equals the desired set exactly, the
// receiver holds exactly that set, and no suppressed person was ever sent in an add.

const SECRET = "fault-test-secret-0123456789";
const FAST = { maxAttempts: 5, baseMs: 5, maxMs: 40, maxThrottleWaitMs: 30_000 };
let rx: Receiver;
let destinationId: string;

beforeAll(async () => {
  rx = await startReceiver(SECRET);
  await seedPeople(800, { noEmailEvery: 9 });
  await makeSegment("seg", "Cart abandoners", "p.id <= 600");
  await makeSegment("buyers", "Purchased in the last 7 days", "p.id % 11 = 0");
  await makeRule("buyers");
  destinationId = (await makeDestination("webhook", { url: rx.url, batchSize: 40, timeoutMs: 1_000 }, { signingSecret: SECRET })).id;
});
afterAll(() => rx.close());
beforeEach(() => {
  rx.members.clear();
  rx.requests.length = 0;
  rx.everAdded.clear();
  rx.count = 0;
  rx.fault = null;
});

const newSync = (extra: Partial<Parameters<typeof makeSync>[0]> = {}) =>
  makeSync({ segmentId: "seg", destinationId, holdoutPercent: 5, ...extra });

async function runOnce(syncId: string, concurrency?: number) {
  const result = await runSync(syncId, { trigger: "manual" }, { policy: FAST, concurrency });
  if (!("runId" in result)) throw new Error(`run did not start: ${result.status}`);
  return { result, run: await db().syncRun.findUniqueOrThrow({ where: { id: result.runId } }) };
}

async function expectConverged(syncId: string) {
  const { desired, suppressed } = await desiredOracle(syncId);
  expect(sorted(await deliveredKeys(syncId))).toEqual(sorted(desired));
  expect(sorted(rx.members.keys())).toEqual(sorted(desired));
  expect([...rx.everAdded].filter((k) => suppressed.has(k))).toEqual([]);
  expect(rx.badSignatures).toBe(0);
}

describe("delivery under faults", () => {
  it("waits out throttling (429 + Retry-After) without counting it as failure", async () => {
    const sync = await newSync();
    rx.fault = (r) => (r.n % 3 === 1 ? { status: 429, headers: { "retry-after": "1" } } : null);
    const { run } = await runOnce(sync.id);
    expect(run.status).toBe("succeeded");
    expect(run.failed).toBe(0);
    expect((run.stats as { throttled: number }).throttled).toBeGreaterThan(2);
    await expectConverged(sync.id);
  });

  it("retries server errors with backoff", async () => {
    const sync = await newSync();
    let failures = 0;
    rx.fault = () => (failures++ < 6 ? { status: 503 } : null);
    const { run } = await runOnce(sync.id);
    expect([run.status, run.failed]).toEqual(["succeeded", 0]);
    expect((run.stats as { retries: number }).retries).toBeGreaterThanOrEqual(6);
    await expectConverged(sync.id);
  });

  it("retries requests that time out, even when the receiver applied them (idempotent adds)", async () => {
    const sync = await newSync();
    rx.fault = (r) => (r.n === 2 || r.n === 5 ? { hangMs: 1_600, apply: true } : null);
    const { run } = await runOnce(sync.id);
    expect(run.status).toBe("succeeded");
    await expectConverged(sync.id);
  });

  it("records members the receiver refuses, and does not resend them on the next run", async () => {
    const sync = await newSync();
    const refused = new Set(Array.from({ length: 40 }, (_, i) => String(13 * (i + 1))));
    rx.fault = (r) => ({ rejectKeys: r.members.map((m) => m.key).filter((k) => refused.has(k)), reason: "unknown customer" });
    const { run } = await runOnce(sync.id);
    expect(run.status).toBe("succeeded");
    expect(run.invalid).toBeGreaterThan(10);
    const errors = await db().syncRunItemError.findMany({ where: { runId: run.id } });
    expect(errors.length).toBe(run.invalid);
    expect(errors[0]).toMatchObject({ code: "webhook_rejected", message: "unknown customer", op: "add" });
    await expectConverged(sync.id); // the oracle leaves out recorded rejections

    rx.requests.length = 0;
    const { run: second } = await runOnce(sync.id);
    expect([second.toAdd, second.invalid, rx.requests.length]).toEqual([0, 0, 0]);
    expect((second.stats as { rejected: number }).rejected).toBe(run.invalid);
  });

  it("splits a refused request until the one bad member stands alone", async () => {
    const sync = await newSync();
    const bad = sorted((await desiredOracle(sync.id)).desired)[100]!;
    rx.fault = (r) => (r.members.some((m) => m.key === bad) ? { status: 400, body: { error: "bad member" } } : null);
    const { run } = await runOnce(sync.id);
    expect(run.invalid).toBe(1);
    const [error] = await db().syncRunItemError.findMany({ where: { runId: run.id } });
    expect(error).toMatchObject({ profileId: BigInt(bad), code: "payload_rejected" });
    await expectConverged(sync.id);
  });

  it("pauses the sync with the reason on an auth error, and converges once fixed and resumed", async () => {
    const sync = await newSync();
    rx.fault = (r) => (r.n > 2 ? { status: 401, body: { error: "token expired" } } : null);
    const { run } = await runOnce(sync.id);
    expect(run.status).toBe("failed");
    const paused = await db().sync.findUniqueOrThrow({ where: { id: sync.id } });
    expect(paused.state).toBe("paused");
    expect(paused.pausedReason).toMatch(/HTTP 401/);
    // The receiver's own words are not repeated to the user (egress policy: a generic reason).
    expect(paused.pausedReason).not.toContain("token expired");
    expect(await db().auditLog.count({ where: { action: "sync.paused", entityId: sync.id } })).toBe(1);
    rx.fault = null;
    await db().sync.update({ where: { id: sync.id }, data: { state: "live", pausedReason: null } });
    const { run: after } = await runOnce(sync.id);
    expect(after.status).toBe("succeeded");
    await expectConverged(sync.id);
  });

  it("gives up on a destination that keeps failing, then converges on the next run", async () => {
    const sync = await newSync();
    rx.fault = (r) => (r.n > 3 ? { status: 500 } : null);
    const { run } = await runOnce(sync.id);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/3 batches in a row failed/);
    expect(run.failed).toBeGreaterThan(0);
    rx.fault = null;
    const { run: after } = await runOnce(sync.id);
    expect(after.status).toBe("succeeded");
    await expectConverged(sync.id);
  });

  it("never adds someone who became suppressed while the run was under way", async () => {
    const sync = await newSync();
    const late = "p.id > 450 AND p.id <= 600 AND p.id % 4 = 0";
    const { desired: before } = await desiredOracle(sync.id);
    const { rows: lateRows } = await pool().query<{ id: string }>(`SELECT p.id::text AS id FROM profiles p WHERE ${late}`);
    const caught = lateRows.filter((r) => before.has(r.id)).length;
    let triggered = false;
    rx.fault = (r) => {
      if (r.n !== 1 || triggered) return null;
      triggered = true;
      void pool().query(
        `INSERT INTO segment_memberships (segment_id, profile_id) SELECT 'buyers', p.id FROM profiles p WHERE ${late} ON CONFLICT DO NOTHING`,
      );
      // One batch in flight at a time, and this one answers late: the purchases land before the
      // next batch is read, whatever the machine's load.
      return { hangMs: 800, apply: true };
    };
    const { run } = await runOnce(sync.id, 1);
    expect(run.status).toBe("succeeded");
    // Every late purchaser the plan had as an add is caught at send time (their batches go after the first).
    expect((run.stats as { suppressed_at_send: number }).suppressed_at_send).toBe(caught);
    expect(caught).toBeGreaterThan(10);
    await expectConverged(sync.id);
    await setMembers("buyers", "p.id % 11 = 0");
  });
});
