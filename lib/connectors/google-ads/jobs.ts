import type { AudienceItem, BatchResult, ItemResult } from "@/lib/connectors/contract";
import { sleep } from "@/lib/connectors/http";
import { inOrder } from "@/lib/connectors/identifiers";
import { addOperationsChunks } from "@/lib/connectors/google-ads/batch-limits";
import { ads, search, userListResource } from "@/lib/connectors/google-ads/client";
import { errorCodeOf, operationIndexOf } from "@/lib/connectors/google-ads/errors";
import { gaqlString } from "@/lib/connectors/google-ads/hashing";
import type { GoogleCtx } from "@/lib/connectors/google-ads/settings";
import {
  addOperationsResponseSchema,
  buildOperations,
  jobRowSchema,
  operationSchema,
  resourceSchema,
} from "@/lib/connectors/google-ads/wire";

// One OfflineUserDataJob per connector call, as Segment does (§6.2): create → addOperations
// (partial failure on, ≤10,000 identifiers per call) → run → poll. Adds and removes never share a
// job: OfflineUserDataJobError.CONFLICTING_OPERATION forbids mixing them.

const DONE = new Set(["SUCCESS", "FAILED"]);

export async function uploadViaJob(
  ctx: GoogleCtx,
  audienceId: string,
  items: AudienceItem[],
  op: "create" | "remove",
): Promise<BatchResult> {
  const built = buildOperations(items, op);
  const results = new Map<string, ItemResult>(built.invalid.map((r) => [r.key, r]));
  if (!built.operations.length) return { items: inOrder(items, results), stats: { operations: 0 } };

  const { settings } = ctx;
  const job = await ads(ctx, resourceSchema, "the new job", {
    path: `customers/${settings.customerId}/offlineUserDataJobs:create`,
    json: {
      job: {
        type: "CUSTOMER_MATCH_USER_LIST",
        customerMatchUserListMetadata: {
          userList: userListResource(ctx, audienceId),
          consent: { adUserData: settings.adUserDataConsent, adPersonalization: settings.adPersonalizationConsent },
        },
      },
    },
  });

  let rejected = 0;
  // Sized in identifiers, Google's unit, not operations (batch-limits.ts).
  for (const { start: offset, end } of addOperationsChunks(built.operations)) {
    const chunk = built.operations.slice(offset, end);
    const res = await ads(ctx, addOperationsResponseSchema, "addOperations", {
      path: `${job.resourceName}:addOperations`,
      json: { operations: chunk, enablePartialFailure: true, enableWarnings: false },
    });
    // Each failure names its operation by index within this request (§2.5); map it to the person.
    for (const error of res.partialFailureError?.details.flatMap((d) => d.errors ?? []) ?? []) {
      const index = operationIndexOf(error);
      const key = index === undefined ? undefined : built.keys[offset + index];
      if (!key) continue;
      if (!results.has(key)) rejected++;
      const previous = results.get(key);
      const message = [previous?.message, error.message].filter(Boolean).join("; ");
      results.set(key, { key, status: "invalid", code: previous?.code ?? errorCodeOf(error) ?? "google_invalid", message });
    }
  }

  const stats: Record<string, number | string | null> = {
    job: job.resourceName,
    operations: built.operations.length,
    rejected_operations: rejected,
    job_status: "PENDING",
  };
  const request = { job: job.resourceName, operation: op, operations: built.operations.length };
  // Nothing valid to process: Segment leaves such a job un-run (§6.2).
  if (rejected === built.operations.length) return { items: inOrder(items, results), request, stats };

  await ads(ctx, operationSchema, "the job run", { path: `${job.resourceName}:run`, json: {} });
  const final = await poll(ctx, job.resourceName);
  stats.job_status = final?.status ?? "RUNNING";
  stats.match_rate_range = final?.operationMetadata?.matchRateRange ?? null;
  if (final?.status === "FAILED") {
    const reason = final.failureReason ?? "UNSPECIFIED";
    stats.failure_reason = reason;
    for (const key of built.keys) {
      if (!results.has(key))
        results.set(key, { key, status: "failed", code: reason, message: `Google Ads job ${job.resourceName} failed: ${reason}` });
    }
  }
  return { items: inOrder(items, results), request, response: { status: stats.job_status, matchRateRange: stats.match_rate_range }, stats };
}

/**
 * Polls the job with GAQL until it finishes or the call's patience runs out. A job can take 6+
 * hours (§2.1); then the items are reported accepted and the job keeps running on Google's side.
 */
async function poll(ctx: GoogleCtx, resourceName: string) {
  const deadline = Date.now() + ctx.settings.jobPollTimeoutMs;
  const query =
    "SELECT offline_user_data_job.resource_name, offline_user_data_job.id, offline_user_data_job.status, offline_user_data_job.type, " +
    "offline_user_data_job.failure_reason, offline_user_data_job.customer_match_user_list_metadata.user_list, " +
    `offline_user_data_job.operation_metadata.match_rate_range FROM offline_user_data_job WHERE offline_user_data_job.resource_name = ${gaqlString(resourceName)}`;
  for (;;) {
    const [row] = await search(ctx, jobRowSchema, query);
    const job = row?.offlineUserDataJob;
    if (!job || DONE.has(job.status) || Date.now() + ctx.settings.jobPollIntervalMs > deadline) return job;
    await sleep(ctx.settings.jobPollIntervalMs, ctx.signal);
  }
}
