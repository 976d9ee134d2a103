import { z } from "zod";
import { defineJob } from "@/lib/jobs/define-job";
import { ensureQueue, queue } from "@/lib/jobs/queue";
import { logger } from "@/lib/logger";
import { evaluateAlerts } from "@/lib/monitoring/alerts/evaluate-alerts";

// Alert rules evaluate every minute and after each sync run (lib/sync/jobs.ts enqueues one).
// Enqueued straight on pg-boss, like sync runs, so lib/sync needs no import of the registry.

export const ALERTS_EVALUATE_JOB = "alerts.evaluate";

export const alertsEvaluateJob = defineJob({
  name: ALERTS_EVALUATE_JOB,
  payload: z.object({ syncId: z.string().optional() }).passthrough(),
  cron: "* * * * *",
  handler: async () => {
    const result = await evaluateAlerts();
    logger.info(result, "alerts evaluated");
    return result;
  },
});

/** After a run: runs finishing together collapse to one evaluation (it covers every rule anyway). */
export async function enqueueAlertEvaluation(syncId?: string) {
  const boss = await queue();
  await ensureQueue(ALERTS_EVALUATE_JOB);
  return boss.send(ALERTS_EVALUATE_JOB, { syncId }, { singletonKey: ALERTS_EVALUATE_JOB, singletonSeconds: 5 });
}
