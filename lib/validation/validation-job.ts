import { z } from "zod";
import { db } from "@/lib/db";
import { defineJob } from "@/lib/jobs/define-job";
import { ensureQueue, queue } from "@/lib/jobs/queue";
import { logger } from "@/lib/logger";
import { runValidation } from "@/lib/validation/run-validation";

// Validation runs as pg-boss jobs. One job per run (singleton by run id); a run the worker left
// unfinished (it crashed, or the sync was busy with a live run) is picked up again by the minute
// sweep: runValidation takes the sync's lock, so a run still alive elsewhere is never doubled,
// and a dead worker's lock went with its connection.

export const VALIDATION_RUN_JOB = "validation.run";
const payload = z.object({ runId: z.string().min(1) });

export async function enqueueValidation(runId: string, startAfterSeconds?: number) {
  const boss = await queue();
  await ensureQueue(VALIDATION_RUN_JOB);
  await boss.send(VALIDATION_RUN_JOB, { runId }, { singletonKey: runId, startAfter: startAfterSeconds });
}

export const validationRunJob = defineJob({
  name: VALIDATION_RUN_JOB,
  payload,
  concurrency: 2,
  handler: async ({ runId }) => {
    const result = await runValidation(runId);
    logger.info({ runId, ...result }, "validation run");
    return result;
  },
});

/** Every minute: requeue runs still marked running (their job is gone, or the sync was busy). */
export const validationSweepJob = defineJob({
  name: "validation.sweep",
  payload: z.object({}).passthrough(),
  cron: "* * * * *",
  handler: async () => {
    const running = await db().validationRun.findMany({ where: { state: "running" }, select: { id: true } });
    for (const r of running) await enqueueValidation(r.id);
    return { requeued: running.length };
  },
});

/** The validation jobs, for the registry (lib/jobs/registry.ts). */
export const validationJobs = [validationRunJob, validationSweepJob];
