import { pool } from "@/lib/db";
import { logger } from "@/lib/logger";
import { suppressionSegmentIds } from "@/lib/suppression/rules-in-scope";
import { callWithRetries } from "@/lib/sync/call-with-retries";
import { executeSync } from "@/lib/sync/execute-sync";
import { loadSync, type LoadedSync } from "@/lib/sync/load-sync";
import { pauseSync } from "@/lib/sync/pause-sync";
import { planWarnings } from "@/lib/sync/plan-warnings";
import { cursorSource, tableSource } from "@/lib/sync/batch-source";
import { ADDS_CURSOR, clearPlan } from "@/lib/sync/plan-sync";
import { commitPosition, planRun, recordDelivered } from "@/lib/sync/plan-incremental";
import { DEFAULT_RETRY, type RetryPolicy } from "@/lib/sync/retry-policy";
import { claimRun, createRunningRun, failAbandonedRuns, finishRun, recordPlan, runCounters, type Trigger } from "@/lib/sync/run-records";
import { lockTierGroup, tryLockSync } from "@/lib/sync/run-lock";
import { runOutcome } from "@/lib/sync/run-status";
import { lastReportedMatchRate, takeSnapshot } from "@/lib/sync/snapshot";
import { isConnectorError } from "@/lib/connectors/errors";
import { REMOVAL_REFUSED } from "@/lib/connectors/contract";
import { egressFetch } from "@/lib/egress/egress-fetch";
import { callRecorder, type CallRecorder } from "@/lib/destinations/call-recorder";

// One sync run, start to finish: lock → run record → remote audience → plan (SQL) → deliver
// (batches) → finish → snapshot. The same function serves the job, tests and the bench.

export type RunOptions = {
  policy?: RetryPolicy;
  concurrency?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** How long a tier waits for another tier of its group to finish (run-lock.ts lockTierGroup). */
  tierGroupWaitMs?: number;
};
export type RunResult =
  { status: "busy" | "skipped" } | { status: "succeeded" | "partial" | "failed" | "cancelled"; runId: string; error?: string | null };

export const DEFAULT_CONCURRENCY = 4;

export async function runSync(syncId: string, request: { runId?: string; trigger: Trigger }, options: RunOptions = {}): Promise<RunResult> {
  const lock = await tryLockSync(syncId);
  if (!lock) return { status: "busy" };
  // A tier of an intent tier group also waits for the group: its tiers run one at a time (run-lock.ts says why).
  let grouped = false;
  try {
    grouped = await lockTierGroup(lock, syncId, options.tierGroupWaitMs);
  } finally {
    if (!grouped) await lock.release();
  }
  if (!grouped) return { status: "busy" };
  let runId: string | null = null;
  let calls: CallRecorder | null = null;
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, fn: () => Promise<T>) => {
    const t0 = Date.now();
    try {
      return await fn();
    } finally {
      timings[`${name}_ms`] = Date.now() - t0;
    }
  };
  try {
    await failAbandonedRuns(syncId, request.runId);
    runId = request.runId ? await claimRun(request.runId, syncId) : await createRunningRun(syncId, request.trigger);
    if (!runId) return { status: "skipped" };
    const loaded = await loadSync(syncId);
    if (loaded.sync.state === "paused") {
      await finishRun(runId, { status: "cancelled", error: `The sync is paused: ${loaded.sync.pausedReason ?? "resume it to run"}` });
      return { status: "cancelled", runId };
    }
    const policy = options.policy ?? DEFAULT_RETRY;
    calls = callRecorder(loaded.sync.destinationId, runId);
    const ctx = { settings: loaded.settings, credentials: loaded.credentials, fetch: options.fetch ?? egressFetch, observe: calls.observe };
    const audienceId = await time("audience", () => ensureAudience(loaded, ctx, policy));
    const supIds = await suppressionSegmentIds(lock.client, syncId);
    const plan = await time("plan", () =>
      planRun(
        lock.client,
        {
          syncId,
          segmentId: loaded.sync.segmentId,
          identifiers: loaded.identifiers,
          capDays: loaded.capDays,
          holdoutPercent: loaded.sync.holdoutPercent,
          mode: loaded.sync.mode,
          suppressionSegmentIds: supIds,
        },
        runId!,
      ),
    );
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    await recordPlan(runId, plan, {
      batch_size: loaded.batchSize,
      concurrency,
      identifiers: loaded.identifiers,
      suppression_segments: supIds.length,
      plan_source: plan.source,
      plan_kind: plan.kind,
      plan_changed: plan.changed,
      plan_full_reason: plan.fullReason,
      warnings: planWarnings(loaded.connector, plan, await lastReportedMatchRate(syncId)),
      ...timings,
    });
    const source = plan.source === "cursor" ? cursorSource(lock.client, ADDS_CURSOR) : tableSource(pool(), runId);
    const { stop, times, delta, uploads } = await time("deliver", () =>
      executeSync({
        runId: runId!,
        syncId,
        destinationId: loaded.sync.destinationId,
        connector: loaded.connector,
        ctx,
        audienceId,
        source,
        toAdd: plan.toAdd,
        toRemove: plan.toRemove,
        batchSize: loaded.batchSize,
        concurrency,
        policy,
        suppressionSegmentIds: supIds,
        signal: options.signal,
      }),
    );
    await calls.flush(); // before the snapshot writes its own: the inspector lists in the order written
    if (stop?.kind === "auth") await pauseSync(syncId, authReason(stop.message, stop.error));
    const counters = await runCounters(runId);
    const { status, error } = runOutcome({
      stopMessage: stop?.message ?? null,
      ...counters,
      ...(counters.failed > 0 ? await failureDetail(runId) : {}),
    });
    await pool().query("UPDATE syncs SET last_run_at = now() WHERE id = $1", [syncId]);
    // Only a run that delivered everything it planned moves the incremental plan's position.
    await commitPosition(syncId, plan, { status, failed: counters.failed, stopped: !!stop });
    // Exact without a count(*) over a million rows: we hold the lock, so only our batches wrote.
    const audienceSize = plan.deliveredBefore + delta.inserted - delta.deleted;
    await recordDelivered(syncId, runId, audienceSize);
    const snapshot = await time("snapshot", () => takeSnapshot(loaded, plan, audienceId, runId!, audienceSize, uploads));
    await finishRun(runId, { status, error, stats: { ...timings, ...times, platform: snapshot.platform } });
    return { status, runId, error };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    logger.error({ err: e, syncId, runId }, "sync run failed");
    if (runId) {
      if (isConnectorError(e) && e.kind === "auth") await pauseSync(syncId, authReason(message, e)).catch(() => {});
      await finishRun(runId, { status: "failed", error: message, stats: timings }).catch(() => {});
    }
    return runId ? { status: "failed", runId, error: message } : { status: "skipped" };
  } finally {
    // Never throws (the recorder logs its own failures): the request inspector must not fail a run.
    await calls?.flush();
    if (runId) await clearPlan(pool(), [runId]).catch(() => {});
    await lock.release();
  }
}

/** Creates or finds the remote audience (idempotent by name on the platform) and remembers its id. */
export async function ensureAudience(
  loaded: LoadedSync,
  ctx: { settings: unknown; credentials: unknown; fetch: typeof fetch; observe?: CallRecorder["observe"] },
  policy: RetryPolicy,
): Promise<string> {
  const { sync } = loaded;
  const ref = await callWithRetries(
    () =>
      loaded.connector.ensureAudience(ctx, {
        name: loaded.audienceName,
        existingId: sync.remoteAudienceId,
        description: `Downstream sync “${sync.name}” of segment “${sync.segment.name}”`,
      }),
    policy,
  );
  if (ref.id !== sync.remoteAudienceId || sync.remoteAudienceName !== loaded.audienceName) {
    await pool().query("UPDATE syncs SET remote_audience_id = $2, remote_audience_name = $3 WHERE id = $1", [
      sync.id,
      ref.id,
      loaded.audienceName,
    ]);
  }
  return ref.id;
}

function authReason(message: string, error: unknown): string {
  const hint = isConnectorError(error) ? error.details.hint : undefined;
  return hint ? `${message} — ${hint}` : message;
}

/** For a run with failures: how many were refused removals (the platform's minimum size rule), and the latest other error. */
async function failureDetail(runId: string): Promise<{ refusedRemovals: number; lastError: string | null }> {
  const { rows } = await pool().query<{ refused: number; last: string | null }>(
    `SELECT count(*) FILTER (WHERE code = $2)::int AS refused,
            (SELECT message FROM sync_run_item_errors WHERE run_id = $1 AND code <> $2 ORDER BY id DESC LIMIT 1) AS last
       FROM sync_run_item_errors WHERE run_id = $1`,
    [runId, REMOVAL_REFUSED],
  );
  // A whole-batch error reads "47 people not sent: <reason>"; the outcome counts them already.
  const last = rows[0]?.last?.replace(/^[\d,]+ (people|person) not sent: /, "") ?? null;
  return { refusedRemovals: rows[0]?.refused ?? 0, lastError: last };
}
