import { z } from "zod";
import { ensureQueue, queue } from "@/lib/jobs/queue";
import { TRIGGERS } from "@/lib/sync/run-records";

// Puts a sync run on the Postgres queue. Goes to pg-boss directly rather than through
// lib/jobs/registry (which imports this module's job): no import cycle between them.

export const SYNC_RUN_JOB = "sync.run";

export const syncRunPayload = z.object({
  syncId: z.string().min(1),
  /** A run record created by "Sync now" or the API; absent for schedule and segment-change runs. */
  runId: z.string().min(1).optional(),
  trigger: z.enum(TRIGGERS),
  /** How many times this request found another run in progress and waited. */
  deferrals: z.number().int().min(0).default(0),
});
export type SyncRunPayload = z.infer<typeof syncRunPayload>;

// Long initial syncs must not be expired (and retried) by pg-boss while still running; the
// advisory lock makes a duplicate harmless anyway.
const EXPIRE_SECONDS = 6 * 60 * 60;

/** At most one segment-change run per sync per this many seconds; changes in between share the next run. */
export const SEGMENT_CHANGE_SLOT_SECONDS = 15;

export async function enqueueSyncRun(payload: z.input<typeof syncRunPayload>, opts: { startAfterSeconds?: number } = {}) {
  const data = syncRunPayload.parse(payload);
  const boss = await queue();
  await ensureQueue(SYNC_RUN_JOB);
  return boss.send(SYNC_RUN_JOB, data, {
    expireInSeconds: EXPIRE_SECONDS,
    retryLimit: 1,
    retryDelay: 30,
    startAfter: opts.startAfterSeconds,
    // Runs without a record collapse to one per sync per time slot: a minute for the schedule. A
    // segment change (near-real-time audiences, issue 16) takes a short slot and, when that slot
    // already has its run, the next one: pg-boss keeps a job's slot even after it finished, so
    // without `singletonNextSlot` a change landing just after a run would wait for the schedule.
    ...(data.runId
      ? {}
      : data.trigger === "segment_change"
        ? { singletonKey: `${SYNC_RUN_JOB}:${data.syncId}`, singletonSeconds: SEGMENT_CHANGE_SLOT_SECONDS, singletonNextSlot: true }
        : { singletonKey: `${SYNC_RUN_JOB}:${data.syncId}`, singletonSeconds: 60 }),
  });
}
