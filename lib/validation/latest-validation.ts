import { db } from "@/lib/db";

// The newest validation run of a sync, in the shape the launch checklist's gate reads
// (lib/launch/…): state, when it finished, and how presence was verified (read_back,
// upload_receipt or size_delta; null until the verify step ran).

export type ValidationState = "running" | "passed" | "failed" | "cancelled";

export type LatestValidation = { id: string; state: ValidationState; finishedAt: Date | null; method: string | null };

export async function latestValidation(syncId: string): Promise<LatestValidation | null> {
  const run = await db().validationRun.findFirst({
    where: { syncId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, state: true, finishedAt: true, method: true },
  });
  return run ? { id: run.id, state: run.state, finishedAt: run.finishedAt, method: run.method } : null;
}
