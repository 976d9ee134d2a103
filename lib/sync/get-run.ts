import { db } from "@/lib/db";
import type { Connector } from "@/lib/connectors/contract";
import { REMOVAL_REFUSED } from "@/lib/connectors/contract";
import { connectorFor } from "@/lib/connectors/registry";
import { AppError } from "@/lib/errors";
import { expectedVisibleBy } from "@/lib/sync/safety-rails";

// A run with its batches and per-item errors: what the run page polls while the run is live.
// Also the safety rails' view of it: when the platform should show the changes, and how many
// removals the platform refused (the audience would have dropped below its minimum).
export async function getRun(syncId: string, runId: string, opts: { errorLimit?: number } = {}) {
  const run = await db().syncRun.findFirst({
    where: { id: runId, syncId },
    include: { sync: { select: { id: true, name: true, destinationId: true, destination: { select: { kind: true } } } } },
  });
  if (!run) throw new AppError("not_found", "No such run.");
  const [batches, errors, errorCount, refusedRemovals] = await Promise.all([
    db().syncRunBatch.findMany({ where: { runId }, orderBy: { seq: "asc" }, take: 500 }),
    db().syncRunItemError.findMany({ where: { runId }, orderBy: { id: "asc" }, take: Math.min(opts.errorLimit ?? 100, 1000) }),
    db().syncRunItemError.count({ where: { runId } }),
    db().syncRunItemError.count({ where: { runId, code: REMOVAL_REFUSED } }),
  ]);
  let connector: Connector<unknown, unknown> | null = null;
  try {
    connector = connectorFor(run.sync.destination.kind) as Connector<unknown, unknown>;
  } catch {
    // connector not installed in this build
  }
  const changed = !run.dryRun && run.added + run.removed > 0;
  const visibleBy = connector && changed ? expectedVisibleBy(connector, run.finishedAt) : null;
  return {
    run,
    batches,
    errors,
    errorCount,
    refusedRemovals,
    expectedVisibleBy: visibleBy?.toISOString() ?? null,
    visibilityDelayHours: connector?.visibilityDelayHours ?? null,
  };
}
