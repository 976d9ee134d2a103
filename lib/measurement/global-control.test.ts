import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import { controlBucketSql } from "@/lib/measurement/global-control-sql";
import { globalControlHistory, setGlobalControl } from "@/lib/measurement/global-control";
import { runSync } from "@/lib/sync/run-sync";
import { deliveredKeys, makeDestination, makeSegment, makeSync, seedPeople } from "@/lib/sync/testing/fixtures";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";

// The global control group (issue 15 item 2): its people never reach a promotional audience, are
// taken out of live ones (mirror and add-only) at the next run, and still get transactional syncs.

const SECRET = "test-signing-secret-0123456789";
const FAST = { maxAttempts: 3, baseMs: 5, maxMs: 20, maxThrottleWaitMs: 5_000 };
const admin = systemActor("test admin");
const viewer: Actor = { type: "user", id: "u1", label: "Vee", role: "viewer" };
let rx: Receiver;

beforeAll(async () => {
  rx = await startReceiver(SECRET);
  await seedPeople(300);
  await makeSegment("seg_all", "Everyone", "true");
});
afterAll(() => rx.close());

async function webhookSync(opts: { mode?: "mirror" | "add_only"; promotional?: boolean }) {
  const dest = await makeDestination("webhook", { url: rx.url, batchSize: 100 }, { signingSecret: SECRET }, `d${Math.random()}`);
  return makeSync({ segmentId: "seg_all", destinationId: dest.id, identifiers: ["email"], ...opts });
}

/** The control group computed from the stored salt, independently of the plan's SQL. */
async function controlIds(): Promise<Set<string>> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT p.id::text AS id FROM profiles p, (SELECT percent, salt FROM global_control_changes ORDER BY id DESC LIMIT 1) g
     WHERE ${controlBucketSql("g.salt", "p.id")} < g.percent * 100`,
  );
  return new Set(rows.map((r) => r.id));
}

const run = (id: string) => runSync(id, { trigger: "manual" }, { policy: FAST });

describe("the global control group", () => {
  it("is changed only by an admin who confirms, within 0-15%, and keeps every change", async () => {
    await expect(setGlobalControl(viewer, { percent: 10, confirm: true })).rejects.toMatchObject({ code: "forbidden" });
    await expect(setGlobalControl(admin, { percent: 10 })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(setGlobalControl(admin, { percent: 16, confirm: true })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(setGlobalControl(admin, { percent: 0, confirm: true })).rejects.toMatchObject({ code: "conflict" });
    expect((await globalControlHistory()).current).toBeNull();
  });

  it("keeps its people out of promotional audiences, removes them from live ones, and leaves transactional syncs alone", async () => {
    const mirror = await webhookSync({ mode: "mirror" });
    const addOnly = await webhookSync({ mode: "add_only" });
    const transactional = await webhookSync({ promotional: false });
    for (const s of [mirror, addOnly, transactional]) await run(s.id);
    for (const s of [mirror, addOnly, transactional]) expect((await deliveredKeys(s.id)).size).toBe(300);

    await setGlobalControl(admin, { percent: 10, confirm: true });
    const control = await controlIds();
    expect(control.size).toBeGreaterThan(10); // ~30 of 300
    expect(control.size).toBeLessThan(60);

    rx.requests.length = 0;
    for (const s of [mirror, addOnly, transactional]) await run(s.id);
    const removed = new Set(rx.requests.filter((r) => r.event === "audience.members.removed").flatMap((r) => r.members.map((m) => m.key)));
    expect(removed).toEqual(control);
    for (const s of [mirror, addOnly]) {
      const delivered = await deliveredKeys(s.id);
      expect(delivered.size).toBe(300 - control.size);
      for (const id of control) expect(delivered.has(id)).toBe(false);
    }
    expect((await deliveredKeys(transactional.id)).size).toBe(300);
    // Why, on the person's history: the removal names the control group.
    const reason = await pool().query<{ reasons: string[] }>(
      `SELECT b.reasons FROM sync_run_batches b JOIN sync_runs r ON r.id = b.run_id WHERE r.sync_id = $1 AND b.op = 'remove'`,
      [mirror.id],
    );
    expect(new Set(reason.rows.flatMap((r) => r.reasons))).toEqual(new Set(["control_group"]));

    // A promotional sync made afterwards never sends them at all.
    rx.requests.length = 0;
    rx.everAdded.clear();
    const fresh = await webhookSync({ mode: "mirror" });
    await run(fresh.id);
    for (const id of control) expect(rx.everAdded.has(id)).toBe(false);
    expect(rx.everAdded.size).toBe(300 - control.size);
  });

  it("grows without reshuffling: a larger group keeps everyone the smaller one had, and the history says who changed it", async () => {
    const before = await controlIds();
    await setGlobalControl({ type: "user", id: "u2", label: "Ada", role: "admin" }, { percent: 15, confirm: true });
    const after = await controlIds();
    for (const id of before) expect(after.has(id)).toBe(true);
    expect(after.size).toBeGreaterThan(before.size);
    const history = await globalControlHistory();
    expect(history.changes.map((c) => [c.percent, c.actorLabel])).toEqual([
      [15, "Ada"],
      [10, "test admin"],
    ]);
    expect(history.changes[1]!.until).toEqual(history.changes[0]!.changedAt);
    const audit = await db().auditLog.findMany({ where: { action: "global_control.change" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.after)).toEqual([{ percent: 10 }, { percent: 15 }]);
  });
});
