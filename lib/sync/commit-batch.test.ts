import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import type { PlanRow } from "@/lib/sync/batch-source";
import { commitBatches, type BatchRecord } from "@/lib/sync/commit-batch";
import { createRunningRun } from "@/lib/sync/run-records";
import { entriesAndHistory, makeDestination, makeSegment, makeSync, seedPeople } from "@/lib/sync/testing/fixtures";

// Group commit (execute-sync.ts): several acknowledged batches in one transaction keep what the
// run records and the lift report rely on, batch by batch, and all of them land or none does.

beforeAll(async () => {
  await seedPeople(20);
  await makeSegment("group-seg", "Group commit", "p.id <= 20");
});

const row = (id: number): PlanRow => ({ profile_id: String(id), k: "email", e: `e${id}`, p: null, x: null, email: null, phone: null });

function batch(runId: string, syncId: string, seq: number, ids: number[], extra: Partial<BatchRecord> = {}): BatchRecord {
  return {
    runId,
    syncId,
    op: "add",
    seq,
    status: "succeeded",
    attempts: 1,
    startedAt: new Date(),
    fresh: true,
    rows: new Map(ids.map((i) => [String(i), row(i)])),
    ok: ids.map(String),
    rejected: [],
    throttled: 0,
    retries: 0,
    suppressedAtSend: 0,
    ...extra,
  };
}

async function newRun() {
  const dest = await makeDestination(
    "webhook",
    { url: "http://127.0.0.1:9/hook" },
    { signingSecret: "group-commit-secret-0123" },
    `hook ${Math.random()}`,
  );
  const sync = await makeSync({ segmentId: "group-seg", destinationId: dest.id });
  return { syncId: sync.id, runId: await createRunningRun(sync.id, "manual") };
}

const delivered = async (syncId: string) =>
  (
    await pool().query<{ id: number }>("SELECT profile_id::int AS id FROM audience_members WHERE sync_id = $1 ORDER BY 1", [syncId])
  ).rows.map((r) => r.id);

describe("commitBatches", () => {
  it("records each batch of a group and moves the run's counters once by their sum", async () => {
    const { syncId, runId } = await newRun();
    const refused = { key: "6", status: "invalid" as const, code: "webhook_rejected", message: "unknown customer" };
    const delta = await commitBatches([
      batch(runId, syncId, 1, [1, 2, 3], { throttled: 2 }),
      batch(runId, syncId, 2, [4, 5, 6], { ok: ["4", "5"], rejected: [refused], status: "partial", retries: 1, suppressedAtSend: 1 }),
    ]);
    expect(delta).toEqual({ inserted: 5, deleted: 0 });
    expect(await delivered(syncId)).toEqual([1, 2, 3, 4, 5]);
    const batches = await db().syncRunBatch.findMany({ where: { runId }, orderBy: { seq: "asc" } });
    expect(batches.map((b) => [b.seq, b.size, b.status, b.profileIds.map(Number), b.reasons])).toEqual([
      [1, 3, "succeeded", [1, 2, 3], ["entered", "entered", "entered"]],
      [2, 3, "partial", [4, 5], ["entered", "entered"]],
    ]);
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: runId } });
    expect([run.added, run.invalid, run.failed]).toEqual([5, 1, 0]);
    expect(run.stats).toMatchObject({ batches_done: 2, throttled: 2, retries: 1, suppressed_at_send: 1 });
    expect(await db().syncRunItemError.count({ where: { runId, code: "webhook_rejected" } })).toBe(1);
    const rejections = await pool().query("SELECT profile_id::int AS id FROM sync_rejections WHERE sync_id = $1", [syncId]);
    expect(rejections.rows).toEqual([{ id: 6 }]);
    // Each person's first entry (lift) is the batch's commit, for the five delivered only.
    const { entries, history } = await entriesAndHistory(syncId);
    expect(entries).toHaveLength(5);
    expect(entries).toEqual(history);
  });

  it("commits all of a group or none of it", async () => {
    const { syncId, runId } = await newRun();
    await commitBatches([batch(runId, syncId, 1, [1, 2])]);
    // The second batch of this group repeats seq 1 (unique per run): the whole group rolls back.
    await expect(commitBatches([batch(runId, syncId, 2, [3, 4]), batch(runId, syncId, 1, [5])])).rejects.toThrow();
    expect(await delivered(syncId)).toEqual([1, 2]);
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: runId } });
    expect([run.added, (run.stats as { batches_done: number }).batches_done]).toEqual([2, 1]);
    expect(await db().syncRunBatch.count({ where: { runId } })).toBe(1);
  });

  it("two groups committed at once (the executor keeps two in flight) both land, counters summed", async () => {
    const { syncId, runId } = await newRun();
    await Promise.all([
      commitBatches([batch(runId, syncId, 1, [1, 2]), batch(runId, syncId, 2, [3])]),
      commitBatches([batch(runId, syncId, 3, [4, 5], { throttled: 1 })]),
    ]);
    expect(await delivered(syncId)).toEqual([1, 2, 3, 4, 5]);
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: runId } });
    expect([run.added, run.stats]).toMatchObject([5, { batches_done: 3, throttled: 1 }]);
    const { entries, history } = await entriesAndHistory(syncId);
    expect(entries.map((e) => e.split("@")[0])).toEqual(["1", "2", "3", "4", "5"]);
    expect(entries).toEqual(history);
  });
});
