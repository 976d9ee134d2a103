import type { JobDefinition } from "@/lib/jobs/define-job";
import { workspaceSnapshotJob } from "@/lib/jobs/workspace-snapshot";
import { ensureQueue, queue } from "@/lib/jobs/queue";
import { syncRunJob, syncScheduleJob } from "@/lib/sync/jobs";
import { segmentsRefreshJob } from "@/lib/segments/refresh/refresh-due";
import { identitySnapshotJob } from "@/lib/identity/audit/snapshots";
import { compactLedgerJob } from "@/lib/delivery/compact-ledger";
import { alertsEvaluateJob } from "@/lib/monitoring/alerts/evaluate-job";
import { requestStatusJob } from "@/lib/sync/request-status-job";
import { compactPlatformCallsJob } from "@/lib/destinations/compact-platform-calls";
import { validationJobs } from "@/lib/validation/validation-job";
import { compactPageCountsJob } from "@/lib/overview/page-counts";
import { compactSegmentIdentityCountsJob } from "@/lib/identity/audit/segment-identity-counts";

// Every job the worker runs. New features add theirs here.
// A list of jobs with different payload types: defineJob checked each one, and the worker parses the
// payload with that job's own schema before calling its handler.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export const jobs: JobDefinition<any>[] = [
  workspaceSnapshotJob,
  syncRunJob,
  syncScheduleJob,
  segmentsRefreshJob,
  identitySnapshotJob,
  compactLedgerJob,
  alertsEvaluateJob,
  requestStatusJob,
  compactPlatformCallsJob,
  ...validationJobs,
  compactPageCountsJob,
  compactSegmentIdentityCountsJob,
];

export function findJob(name: string) {
  return jobs.find((j) => j.name === name);
}

/** Enqueue a job by name after validating its payload, from an action, a route or another job. */
export async function enqueue(name: string, payload: unknown, options: { singletonKey?: string; startAfter?: number } = {}) {
  const job = findJob(name);
  if (!job) throw new Error(`Unknown job ${name}`);
  const data = job.payload.parse(payload) as object;
  const boss = await queue();
  await ensureQueue(name);
  return boss.send(name, data, options);
}
