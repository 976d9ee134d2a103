import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

// A run with its batches and per-item errors: what the run page polls while the run is live.
export async function getRun(syncId: string, runId: string, opts: { errorLimit?: number } = {}) {
  const run = await db().syncRun.findFirst({ where: { id: runId, syncId }, include: { sync: { select: { id: true, name: true, destinationId: true } } } });
  if (!run) throw new AppError("not_found", "No such run.");
  const [batches, errors, errorCount] = await Promise.all([
    db().syncRunBatch.findMany({ where: { runId }, orderBy: { seq: "asc" }, take: 500 }),
    db().syncRunItemError.findMany({ where: { runId }, orderBy: { id: "asc" }, take: Math.min(opts.errorLimit ?? 100, 1000) }),
    db().syncRunItemError.count({ where: { runId } }),
  ]);
  return { run, batches, errors, errorCount };
}
