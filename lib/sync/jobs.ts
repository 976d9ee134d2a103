import { z } from "zod";
import { defineJob } from "@/lib/jobs/define-job";
import { logger } from "@/lib/logger";
import { enqueueSyncRun, SYNC_RUN_JOB, syncRunPayload } from "@/lib/sync/enqueue-run";
import { finishRun } from "@/lib/sync/run-records";
import { runSync } from "@/lib/sync/run-sync";
import { scheduleDueSyncs } from "@/lib/sync/schedule";
import { enqueueAlertEvaluation } from "@/lib/monitoring/alerts/evaluate-job";
import { followUpRequests } from "@/lib/sync/request-status-job";

// The engine's jobs, registered in lib/jobs/registry.ts.

/** A requested run that keeps finding another in progress waits this long between tries… */
const DEFER_SECONDS = 15;
/** …for at most this many tries (an hour), then is cancelled with a reason. */
const MAX_DEFERRALS = 240;
/**
 * How long a tier's run waits in its job slot for another tier of its group (run-lock.ts). Three
 * slots serve every sync: a segment change that queues all of a group's tiers at once would
 * otherwise hold the slots for up to a minute while one tier delivers, and every other sync's run
 * (an event's audience among them) would queue behind them. A tier that finds its group busy is
 * deferred like a run of a busy sync instead.
 */
export const JOB_TIER_GROUP_WAIT_MS = 1_000;

export const syncRunJob = defineJob({
  name: SYNC_RUN_JOB,
  payload: syncRunPayload,
  // Runs of different syncs proceed side by side; the same sync never does (advisory lock).
  concurrency: 3,
  handler: async (p) => {
    const result = await runSync(p.syncId, { runId: p.runId, trigger: p.trigger }, { tierGroupWaitMs: JOB_TIER_GROUP_WAIT_MS });
    // Schedule runs simply skip when one is in progress (it covers them); a run someone asked for
    // (it has a record) waits its turn.
    if (result.status === "busy" && p.runId) {
      if (p.deferrals >= MAX_DEFERRALS)
        await finishRun(p.runId, { status: "cancelled", error: "Another run of this sync kept running for over an hour." });
      else await enqueueSyncRun({ ...p, deferrals: p.deferrals + 1 }, { startAfterSeconds: DEFER_SECONDS });
    } else if (result.status === "busy" && p.trigger === "segment_change" && p.deferrals < MAX_DEFERRALS) {
      // The run in progress may have planned before this change: try again at the next slot, or a
      // change arriving mid-run would wait for the schedule (near-real-time audiences, issue 16).
      await enqueueSyncRun({ ...p, deferrals: p.deferrals + 1 });
    }
    logger.info({ syncId: p.syncId, trigger: p.trigger, ...result }, "sync run");
    // Alert rules evaluate after every run that finished (issue 12 item 3), not only on the minute.
    if ("runId" in result) await enqueueAlertEvaluation(p.syncId).catch((e) => logger.warn({ err: e }, "alert evaluation not queued"));
    // Google requests still processing when the run ended are asked about again (recheck-requests.ts).
    if ("runId" in result && result.runId)
      await followUpRequests(result.runId).catch((e) => logger.warn({ err: e }, "request status follow-up not queued"));
    return result;
  },
});

export const syncScheduleJob = defineJob({
  name: "sync.schedule",
  payload: z.object({}).passthrough(),
  cron: "* * * * *",
  handler: () => scheduleDueSyncs(),
});
