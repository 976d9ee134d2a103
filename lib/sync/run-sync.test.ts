import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { runSync } from "@/lib/sync/run-sync";
import { deliveredKeys, makeDestination, makeRule, makeSegment, makeSync, seedPeople, setMembers } from "@/lib/sync/testing/fixtures";
import { desiredOracle, sorted } from "@/lib/sync/testing/oracle";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";

// The engine end to end against a real (local) webhook receiver: plan, holdout, suppression,
// cap, identifier changes, churn, and add-only mode.

const SECRET = "test-signing-secret-0123456789";
const FAST = { maxAttempts: 4, baseMs: 5, maxMs: 50, maxThrottleWaitMs: 20_000 };
let rx: Receiver;

beforeAll(async () => {
  rx = await startReceiver(SECRET);
  await seedPeople(600, { noEmailEvery: 10 });
  await makeSegment("seg_all", "Everyone", "p.id <= 500");
  await makeSegment("seg_buyers", "Purchased in the last 7 days", "p.id % 7 = 0");
});
afterAll(() => rx.close());

async function webhookSync(extra: Parameters<typeof makeSync>[0] extends infer T ? Partial<T> : never = {}) {
  const dest = await makeDestination("webhook", { url: rx.url, batchSize: 50 }, { signingSecret: SECRET });
  return makeSync({ segmentId: "seg_all", destinationId: dest.id, ...extra });
}

async function expectConverged(syncId: string) {
  const { desired, suppressed } = await desiredOracle(syncId);
  expect(sorted(await deliveredKeys(syncId))).toEqual(sorted(desired));
  expect(sorted(rx.members.keys())).toEqual(sorted(desired));
  expect([...rx.everAdded].filter((k) => suppressed.has(k))).toEqual([]);
  return desired;
}

describe("runSync", () => {
  it("delivers exactly the desired set: suppression, holdout, missing identifiers, and records the run", async () => {
    const rule = await makeRule("seg_buyers");
    const sync = await webhookSync({ holdoutPercent: 10, identifiers: ["email"] });
    const result = await runSync(sync.id, { trigger: "manual" }, { policy: FAST });
    expect({ ...result, runId: undefined }).toEqual({ status: "succeeded", runId: undefined, error: null });
    const desired = await expectConverged(sync.id);

    const run = await db().syncRun.findUniqueOrThrow({ where: { id: (result as { runId: string }).runId } });
    expect(run.segmentSize).toBe(500);
    expect(run.suppressed).toBe(Math.floor(500 / 7));
    expect(run.missingIdentifier).toBeGreaterThan(0); // every 10th person has no email
    expect(run.heldOut).toBeGreaterThan(20);
    expect(run.added).toBe(desired.size);
    expect(run.toAdd).toBe(desired.size);
    expect(run.segmentSize).toBe(run.suppressed! + run.missingIdentifier! + run.eligible! + (run.capped ?? 0));
    const holdouts = await db().syncHoldout.count({ where: { syncId: sync.id } });
    expect(holdouts).toBe(run.heldOut);
    const snapshot = await db().metricSnapshot.findFirstOrThrow({ where: { syncId: sync.id } });
    expect(snapshot.audienceSize).toBe(desired.size);
    expect(await db().syncPlanItem.count()).toBe(0); // scratch rows cleaned up
    await db().suppressionRule.delete({ where: { id: rule.id } });
  });

  it("follows churn: leavers removed, joiners added, identifier changes replace the old value, newly suppressed removed", async () => {
    rx.members.clear();
    rx.everAdded.clear();
    const rule = await makeRule("seg_buyers");
    const sync = await webhookSync({ identifiers: ["email", "phone"] });
    await runSync(sync.id, { trigger: "manual" }, { policy: FAST });
    await expectConverged(sync.id);

    await setMembers("seg_all", "p.id BETWEEN 20 AND 540");
    await pool().query(
      `UPDATE profiles SET email = 'changed' || id || '@example.com', email_sha256 = encode(sha256(convert_to('changed' || id || '@example.com', 'UTF8')), 'hex') WHERE id IN (101, 102)`,
    );
    await pool().query(`INSERT INTO segment_memberships (segment_id, profile_id) VALUES ('seg_buyers', 103), ('seg_buyers', 104)`);
    rx.requests.length = 0;
    rx.everAdded.clear(); // 103 and 104 were rightly added before they purchased
    const second = await runSync(sync.id, { trigger: "schedule" }, { policy: FAST });
    expect(second).toMatchObject({ status: "succeeded" });
    await expectConverged(sync.id);
    const removed = new Set(rx.requests.filter((r) => r.event === "audience.members.removed").flatMap((r) => r.members.map((m) => m.key)));
    expect(removed.has("103") && removed.has("104") && removed.has("101") && removed.has("5")).toBe(true);
    const readded = rx.requests
      .filter((r) => r.event === "audience.members.added")
      .flatMap((r) => r.members)
      .find((m) => m.key === "101");
    expect(readded?.email).toBe("changed101@example.com");
    expect(rx.requests.findIndex((r) => r.event === "audience.members.removed")).toBeLessThan(
      rx.requests.findIndex((r) => r.event === "audience.members.added"),
    );

    // Nothing changed: a run is a no-op.
    rx.requests.length = 0;
    const third = await runSync(sync.id, { trigger: "schedule" }, { policy: FAST });
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: (third as { runId: string }).runId } });
    expect([run.toAdd, run.toRemove, rx.requests.length]).toEqual([0, 0, 0]);
    await db().suppressionRule.delete({ where: { id: rule.id } });
    await setMembers("seg_all", "p.id <= 500");
  });

  it("applies the cap (sync overrides segment) and add-only mode keeps leavers", async () => {
    rx.members.clear();
    const sync = await webhookSync({ mode: "add_only", capDays: 30 });
    await runSync(sync.id, { trigger: "manual" }, { policy: FAST });
    const first = await deliveredKeys(sync.id);
    await pool().query(
      "UPDATE segment_memberships SET entered_at = now() - interval '40 days' WHERE segment_id = 'seg_all' AND profile_id <= 100",
    );
    await setMembers("seg_all", "p.id BETWEEN 50 AND 500");
    const result = await runSync(sync.id, { trigger: "manual" }, { policy: FAST });
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: (result as { runId: string }).runId } });
    expect(run.toRemove).toBe(0);
    expect(sorted(await deliveredKeys(sync.id))).toEqual(sorted(first));
    await setMembers("seg_all", "p.id <= 500");
  });

  it("runs one at a time per sync", async () => {
    const sync = await webhookSync();
    const [a, b] = await Promise.all([
      runSync(sync.id, { trigger: "manual" }, { policy: FAST }),
      runSync(sync.id, { trigger: "manual" }, { policy: FAST }),
    ]);
    expect([a.status, b.status].sort()).toEqual(["busy", "succeeded"]);
  });
});
