import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { dryRunSync } from "@/lib/sync/dry-run-sync";
import { runSync } from "@/lib/sync/run-sync";
import { deliveredKeys, makeDestination, makeSegment, makeSync, seedPeople } from "@/lib/sync/testing/fixtures";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";

// Test profiles (profiles.is_test) never reach a live audience (issue 9, item 1): the plan
// classifies them as test_profile, never desired, in every mode; one a destination already has
// (delivered before it was marked, or before this rule existed) is removed by the next run.

const SECRET = "test-signing-secret-0123456789";
const FAST = { maxAttempts: 3, baseMs: 5, maxMs: 20, maxThrottleWaitMs: 5_000 };
const TEST_IDS = [41, 42, 43];
let rx: Receiver;

beforeAll(async () => {
  rx = await startReceiver(SECRET);
  await seedPeople(50);
  await pool().query("UPDATE profiles SET is_test = true WHERE id = ANY($1::bigint[])", [TEST_IDS]);
  // Memberships written straight to the table, as a refresh from before this rule left them:
  // the test profiles are segment members here, so only the plan stands between them and the audience.
  await makeSegment("seg_everyone", "Everyone", "true");
});
afterAll(() => rx.close());

const removedKeys = () =>
  new Set(rx.requests.filter((r) => r.event === "audience.members.removed").flatMap((r) => r.members.map((m) => m.key)));
const addedKeys = () =>
  new Set(rx.requests.filter((r) => r.event === "audience.members.added").flatMap((r) => r.members.map((m) => m.key)));
const runOf = async (r: Awaited<ReturnType<typeof runSync>>) =>
  db().syncRun.findUniqueOrThrow({ where: { id: (r as { runId: string }).runId } });

async function webhookSync(mode: "mirror" | "add_only") {
  const dest = await makeDestination("webhook", { url: rx.url, batchSize: 20 }, { signingSecret: SECRET });
  return makeSync({ segmentId: "seg_everyone", destinationId: dest.id, identifiers: ["email"], mode });
}

describe("test profiles and live syncs", () => {
  it("never adds a test profile, and counts only people in the segment size", async () => {
    rx.requests.length = 0;
    const sync = await webhookSync("mirror");
    const first = await runOf(await runSync(sync.id, { trigger: "manual" }, { policy: FAST }));
    expect(first.status).toBe("succeeded");
    const delivered = await deliveredKeys(sync.id);
    for (const id of TEST_IDS) expect(delivered.has(String(id)) || rx.everAdded.has(String(id))).toBe(false);
    expect(delivered.size).toBe(47);
    expect(first.segmentSize).toBe(47); // the segment size counts people; test profiles are not people
    expect((first.stats as { test_profiles?: number }).test_profiles).toBe(3);
    // The preview says the same and names them.
    const preview = await dryRunSync(sync.id, "manual");
    expect(preview.plan).toMatchObject({ testProfiles: 3, toAdd: 0, toRemove: 0 });
    expect(preview.samples.test_profile.map((p) => p.key)).toEqual(TEST_IDS.map(String));
  });

  it("removes a delivered person on the next run once they are marked as a test profile, and never re-adds them", async () => {
    rx.requests.length = 0;
    const sync = await webhookSync("mirror");
    await runSync(sync.id, { trigger: "manual" }, { policy: FAST });
    expect((await deliveredKeys(sync.id)).has("7")).toBe(true);

    await pool().query("UPDATE profiles SET is_test = true WHERE id = 7");
    rx.requests.length = 0;
    const second = await runOf(await runSync(sync.id, { trigger: "schedule" }, { policy: FAST }));
    expect(second).toMatchObject({ status: "succeeded", removed: 1, added: 0 });
    expect([...removedKeys()]).toEqual(["7"]);
    expect(rx.members.has("7")).toBe(false);
    expect((await deliveredKeys(sync.id)).has("7")).toBe(false);

    rx.requests.length = 0;
    const third = await runOf(await runSync(sync.id, { trigger: "schedule" }, { policy: FAST }));
    expect([third.toAdd, third.toRemove, addedKeys().has("7")]).toEqual([0, 0, false]);
    await pool().query("UPDATE profiles SET is_test = false WHERE id = 7");
  });

  it("removes test profiles from add-only audiences too, even once they have left the segment", async () => {
    rx.requests.length = 0;
    const sync = await webhookSync("add_only");
    await runSync(sync.id, { trigger: "manual" }, { policy: FAST });
    // 8 becomes a test profile and (as a refresh now does) leaves the segment; 9 simply leaves.
    await pool().query("UPDATE profiles SET is_test = true WHERE id = 8");
    await pool().query("DELETE FROM segment_memberships WHERE segment_id = 'seg_everyone' AND profile_id IN (8, 9)");
    rx.requests.length = 0;
    const second = await runOf(await runSync(sync.id, { trigger: "schedule" }, { policy: FAST }));
    expect(second).toMatchObject({ status: "succeeded", removed: 1 });
    expect([...removedKeys()]).toEqual(["8"]);
    const delivered = await deliveredKeys(sync.id);
    expect([delivered.has("8"), delivered.has("9")]).toEqual([false, true]); // add-only keeps leavers, never test profiles
    await pool().query("UPDATE profiles SET is_test = false WHERE id = 8");
  });
});
