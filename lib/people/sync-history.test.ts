import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { syncHistory, syncHistoryPage } from "@/lib/people/sync-history";
import { runSync } from "@/lib/sync/run-sync";
import { makeDestination, makeRule, makeSegment, makeSync, seedPeople, setMembers } from "@/lib/sync/testing/fixtures";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";

// Row-level history over real runs against a local webhook receiver: the reasons come from what
// the engine recorded when it made each change, not from the person's state today.

const SECRET = "test-signing-secret-0123456789";
const FAST = { maxAttempts: 2, baseMs: 5, maxMs: 20, maxThrottleWaitMs: 5_000 };
let rx: Receiver;
let syncId: string;
let firstRun: string;
let secondRun: string;

beforeAll(async () => {
  rx = await startReceiver(SECRET);
  await seedPeople(60);
  await makeSegment("seg_h_all", "Browsed, no purchase", "p.id <= 40");
  await makeSegment("seg_h_buyers", "Purchased in the last 7 days", "p.id IN (7, 14)");
  const dest = await makeDestination("webhook", { url: rx.url, batchSize: 25 }, { signingSecret: SECRET }, "Retargeting webhook");
  const sync = await makeSync({ segmentId: "seg_h_all", destinationId: dest.id, name: "Browse abandon", identifiers: ["email"] });
  syncId = sync.id;
  // Run 1: person 5's address is refused by the receiver; everyone else is added.
  rx.fault = (req) =>
    req.event === "add" || req.members.some((m) => m.key === "5") ? { rejectKeys: ["5"], reason: "Email hash not recognised" } : null;
  const r1 = await runSync(syncId, { trigger: "manual" }, { policy: FAST });
  firstRun = (r1 as { runId: string }).runId;
  rx.fault = null;
  // Between runs: person 2 leaves the segment, 7 buys (a suppression rule applies), 3 loses their email.
  await setMembers("seg_h_all", "p.id <= 40 AND p.id <> 2");
  await makeRule("seg_h_buyers", { name: "Bought this week" });
  await pool().query("UPDATE profiles SET email = NULL, email_sha256 = NULL WHERE id = 3");
  const r2 = await runSync(syncId, { trigger: "schedule" }, { policy: FAST });
  secondRun = (r2 as { runId: string }).runId;
});
afterAll(() => rx.close());

describe("syncHistory", () => {
  it("says a member was added by the first run because they entered the segment", async () => {
    const h = await syncHistory("1");
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({ kind: "added", reason: "entered", runId: firstRun, syncId, syncName: "Browse abandon" });
    expect(h[0]!.detail).toContain("“Browsed, no purchase”");
    // The first run's adds are found by their id range (migration 20261202013000), the later removals by their ids.
    const { rows } = await pool().query(
      `SELECT run_id = $1 AS first, op, member_range IS NOT NULL AS ranged FROM sync_run_batches WHERE run_id IN ($1, $2) GROUP BY 1, 2, 3 ORDER BY 1, 2`,
      [firstRun, secondRun],
    );
    expect(rows).toEqual([
      { first: false, op: "remove", ranged: false },
      { first: true, op: "add", ranged: true },
    ]);
  });

  it("records a leaver's removal in the run that removed them, newest first", async () => {
    const h = await syncHistory("2");
    expect(h.map((e) => [e.kind, e.reason, e.runId])).toEqual([
      ["removed", "left_segment", secondRun],
      ["added", "entered", firstRun],
    ]);
    expect(h[0]!.at.getTime()).toBeGreaterThanOrEqual(h[1]!.at.getTime());
    expect(h[0]!.detail).toBe("Removed: left “Browsed, no purchase”.");
  });

  it("names the suppression rule that removed a buyer", async () => {
    const [latest] = await syncHistory("7");
    expect(latest).toMatchObject({ kind: "removed", reason: "suppressed", runId: secondRun });
    expect(latest!.rules.map((r) => r.name)).toEqual(["Bought this week"]);
    expect(latest!.detail).toBe("Removed: suppressed by “Bought this week”.");
  });

  it("says someone who lost their email was removed for it", async () => {
    const [latest] = await syncHistory("3");
    expect(latest).toMatchObject({ kind: "removed", reason: "missing", runId: secondRun });
  });

  it("shows the platform's refusal with its reason, and no add that never happened", async () => {
    const h = await syncHistory("5");
    const kinds = h.filter((e) => e.runId === firstRun).map((e) => e.kind);
    expect(kinds).toContain("not_added");
    expect(kinds).not.toContain("added");
    const refusal = h.find((e) => e.kind === "not_added")!;
    expect(refusal.detail).toContain("Email hash not recognised");
  });

  it("has nothing for someone no sync ever touched, and refuses a malformed id", async () => {
    expect(await syncHistory("55")).toEqual([]);
    expect(await syncHistory("1; DROP TABLE profiles")).toEqual([]);
  });
});

describe("syncHistoryPage", () => {
  it("pages older entries with a cursor, and ends with null", async () => {
    const first = await syncHistoryPage("2", { limit: 1 });
    expect(first.history.map((e) => e.reason)).toEqual(["left_segment"]);
    const second = await syncHistoryPage("2", { limit: 1, cursor: first.nextCursor! });
    expect(second.history.map((e) => e.reason)).toEqual(["entered"]);
    expect(second.nextCursor).toBeNull();
  });
});
