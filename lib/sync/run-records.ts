import { db, pool } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { clearPlan, type PlanCounts } from "@/lib/sync/plan-sync";

// The run record's lifecycle: queued → running → succeeded | partial | failed | cancelled.
// Counters that batches add to (added, removed, failed, invalid) are bumped in commit-batch.ts,
// inside each batch's transaction; this file sets everything else.

export const TRIGGERS = ["schedule", "manual", "api", "segment_change", "retry"] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** Takes a queued run (Sync now / API) for execution; null if it was already taken or cancelled. */
export async function claimRun(runId: string, syncId: string) {
  const { count } = await db().syncRun.updateMany({
    where: { id: runId, syncId, status: "queued" },
    data: { status: "running", startedAt: new Date() },
  });
  return count === 1 ? runId : null;
}

export async function createRunningRun(syncId: string, trigger: Trigger, dryRun = false) {
  const run = await db().syncRun.create({ data: { syncId, trigger, dryRun, status: "running", startedAt: new Date() } });
  return run.id;
}

/**
 * Runs left "running" by a worker that died: only called while holding the sync's lock, so no
 * live worker can own them. Their committed batches stand; the new run plans from there.
 */
export async function failAbandonedRuns(syncId: string, exceptRunId?: string) {
  const stale = await db().syncRun.findMany({
    where: { syncId, status: "running", id: exceptRunId ? { not: exceptRunId } : undefined },
    select: { id: true },
  });
  if (!stale.length) return 0;
  await db().syncRun.updateMany({
    where: { id: { in: stale.map((r) => r.id) } },
    data: {
      status: "failed",
      finishedAt: new Date(),
      error: "The worker stopped mid-run (crash or deploy). Everything it committed was kept; the next run carried on from there.",
    },
  });
  await clearPlan(
    pool(),
    stale.map((r) => r.id),
  );
  return stale.length;
}

export async function recordPlan(runId: string, plan: PlanCounts, stats: Record<string, unknown>) {
  await pool().query(
    `UPDATE sync_runs SET segment_size = $2, eligible = $3, suppressed = $4, held_out = $5, capped = $6, missing_identifier = $7,
       to_add = $8, to_remove = $9, stats = stats || $10::jsonb WHERE id = $1`,
    [
      runId,
      plan.segmentSize,
      plan.eligible,
      plan.suppressed,
      plan.heldOut,
      plan.capped,
      plan.missingIdentifier,
      plan.toAdd,
      plan.toRemove,
      JSON.stringify({
        rejected: plan.rejected,
        desired: plan.desired,
        test_profiles: plan.testProfiles,
        tiered: plan.tiered,
        coverage: plan.coverage,
        new_holdouts: plan.newHoldouts,
        ...stats,
      }),
    ],
  );
}

export async function finishRun(
  runId: string,
  outcome: { status: "succeeded" | "partial" | "failed" | "cancelled"; error?: string | null; stats?: Record<string, unknown> },
) {
  await pool().query(`UPDATE sync_runs SET status = $2, error = $3, finished_at = now(), stats = stats || $4::jsonb WHERE id = $1`, [
    runId,
    outcome.status,
    outcome.error?.slice(0, 2000) ?? null,
    JSON.stringify(outcome.stats ?? {}),
  ]);
}

export async function runCounters(runId: string) {
  return db().syncRun.findUniqueOrThrow({
    where: { id: runId },
    select: { added: true, removed: true, failed: true, invalid: true, stats: true },
  });
}

export type RunStats = Prisma.JsonObject;
