import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { startWorker } from "@/lib/jobs/worker";
import { makeDestination, makeRule, makeSegment, makeSync, seedPeople } from "@/lib/sync/testing/fixtures";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";
import { nextRunAt, scheduleDueSyncs } from "@/lib/sync/schedule";
import { enqueueSyncsForSegment, requestSyncRun } from "@/lib/sync/trigger-run";

// How runs start: dry run, "Sync now" through the queue and a worker, the scheduler, segment change.

const SECRET = "trigger-test-secret-0123456789";
const editor: Actor = { type: "user", id: "u1", label: "ed@x.test", role: "editor" };
const viewer: Actor = { type: "user", id: "u2", label: "vi@x.test", role: "viewer" };
let rx: Receiver;
let destinationId: string;

beforeAll(async () => {
  rx = await startReceiver(SECRET);
  await seedPeople(300);
  await makeSegment("seg", "Everyone", "p.id <= 250");
  await makeSegment("buyers", "Buyers", "p.id % 5 = 0");
  destinationId = (await makeDestination("webhook", { url: rx.url, batchSize: 100 }, { signingSecret: SECRET })).id;
});
afterAll(() => rx.close());

describe("dry run", () => {
  it("shows counts and samples and sends nothing", async () => {
    const sync = await makeSync({ segmentId: "seg", destinationId, holdoutPercent: 20 });
    const rule = await makeRule("buyers", { scope: "selected", syncIds: [sync.id] });
    const dry = await requestSyncRun(editor, sync.id, { dryRun: true });
    expect("plan" in dry && dry.plan).toMatchObject({ segmentSize: 250, suppressed: 50 });
    if (!("plan" in dry)) throw new Error("expected a dry run");
    expect(dry.plan.toAdd).toBe(dry.plan.desired);
    expect(dry.samples.add).toHaveLength(5);
    expect(dry.samples.suppressed.every((p) => Number(p.key) % 5 === 0)).toBe(true);
    expect(dry.samples.held_out.length).toBeGreaterThan(0);
    expect(rx.requests).toHaveLength(0);
    expect(await db().audienceMember.count({ where: { syncId: sync.id } })).toBe(0);
    expect(await db().syncHoldout.count({ where: { syncId: sync.id } })).toBe(0);
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: dry.runId } });
    expect([run.dryRun, run.status, run.toAdd]).toEqual([true, "succeeded", dry.plan.toAdd]);
    await db().suppressionRule.delete({ where: { id: rule.id } });
  });
});

describe("Sync now through the queue", () => {
  it("refuses viewers, does not stack duplicate requests, and a worker runs it", async () => {
    const sync = await makeSync({ segmentId: "seg", destinationId });
    await expect(requestSyncRun(viewer, sync.id)).rejects.toThrow(/editor role/);
    const first = await requestSyncRun(editor, sync.id);
    const again = await requestSyncRun(editor, sync.id);
    expect("id" in again && "id" in first && again.id === first.id).toBe(true);
    const stop = await startWorker();
    try {
      const deadline = Date.now() + 40_000;
      let status = "queued";
      while (!["succeeded", "failed", "partial"].includes(status) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        status = (await db().syncRun.findUniqueOrThrow({ where: { id: (first as { id: string }).id } })).status;
      }
      expect(status).toBe("succeeded");
      expect(await db().audienceMember.count({ where: { syncId: sync.id } })).toBe(250);
    } finally {
      await stop();
    }
  });
});

describe("scheduler and segment changes", () => {
  it("claims due live syncs once and moves next_run_at by interval or cron", async () => {
    const due = await makeSync({ segmentId: "seg", destinationId });
    const later = await makeSync({ segmentId: "seg", destinationId });
    const now = new Date("2026-11-29T10:17:00Z");
    await db().sync.update({ where: { id: later.id }, data: { nextRunAt: new Date(now.getTime() + 3_600_000) } });
    await db().sync.update({ where: { id: due.id }, data: { scheduleCron: "0 */6 * * *" } });
    const { enqueued } = await scheduleDueSyncs(now);
    expect(enqueued).toContain(due.id);
    expect(enqueued).not.toContain(later.id);
    expect((await db().sync.findUniqueOrThrow({ where: { id: due.id } })).nextRunAt?.toISOString()).toBe("2026-11-29T12:00:00.000Z");
    expect((await scheduleDueSyncs(now)).enqueued).not.toContain(due.id);
    expect(nextRunAt({ scheduleCron: null, intervalMinutes: 15 }, now).toISOString()).toBe("2026-11-29T10:32:00.000Z");
  });

  it("finds the syncs a segment feeds and those a suppression rule on it applies to", async () => {
    await makeSegment("promo", "Promo", "p.id <= 10");
    await makeSegment("vip", "VIP", "p.id <= 5");
    const fed = await makeSync({ segmentId: "promo", destinationId });
    const suppressedBy = await makeSync({ segmentId: "seg", destinationId, promotional: true });
    const transactional = await makeSync({ segmentId: "seg", destinationId, promotional: false });
    const rule = await makeRule("vip", { name: "VIPs never get promo ads" });
    const ids = await enqueueSyncsForSegment("vip");
    expect(ids).toContain(suppressedBy.id);
    expect(ids).not.toContain(transactional.id);
    expect(await enqueueSyncsForSegment("promo")).toContain(fed.id);
    await db().suppressionRule.delete({ where: { id: rule.id } });
    void systemActor;
  });
});
