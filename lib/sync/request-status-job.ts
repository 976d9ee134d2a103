import { z } from "zod";
import { defineJob } from "@/lib/jobs/define-job";
import { ensureQueue, queue } from "@/lib/jobs/queue";
import { logger } from "@/lib/logger";
import { FOLLOW_UP_SECONDS, recheckPendingRequests, refreshRunRequestFigures, REQUEST_STATUS_JOB } from "@/lib/sync/recheck-requests";

// google.request-status: asks Google again about Data Manager requests still PROCESSING when
// their run ended (recheck-requests.ts). Every 10 minutes over all of them, and a few minutes after
// each run that left some pending (lib/sync/jobs.ts calls followUpRequests).

export const requestStatusJob = defineJob({
  name: REQUEST_STATUS_JOB,
  payload: z.object({ runId: z.string().optional() }).passthrough(),
  cron: "*/10 * * * *",
  handler: async (p) => {
    const result = await recheckPendingRequests({ runId: p.runId });
    // Still pending after a run's own follow-up: look again later (the cron covers it too).
    if (p.runId && result.stillProcessing > 0) await enqueueRequestStatus(p.runId);
    if (result.checked) logger.info({ runId: p.runId, ...result }, "Google request status re-checked");
    return result;
  },
});

async function enqueueRequestStatus(runId: string) {
  const boss = await queue();
  await ensureQueue(REQUEST_STATUS_JOB);
  return boss.send(REQUEST_STATUS_JOB, { runId }, { startAfter: FOLLOW_UP_SECONDS, singletonKey: `${REQUEST_STATUS_JOB}:${runId}` });
}

/**
 * After a run: its Google figures over all its batches, and a follow-up when Google is still
 * processing some of them. Returns whether one was queued.
 */
export async function followUpRequests(runId: string): Promise<boolean> {
  const { pending } = await refreshRunRequestFigures(runId);
  if (pending) await enqueueRequestStatus(runId);
  return pending;
}
