import { pool } from "@/lib/db";
import type { AudienceItem, BatchPosition, Connector, ConnectorContext, ItemResult } from "@/lib/connectors/contract";
import type { ConnectorError } from "@/lib/connectors/errors";
import { BatchRows, suppressedNow, toItem, type BatchSource, type PlanRow, type RowsByKey } from "@/lib/sync/batch-source";
import { commitBatches, type BatchRecord, type CommitDelta } from "@/lib/sync/commit-batch";
import { acquireSlot } from "@/lib/sync/destination-slots";
import type { RetryPolicy } from "@/lib/sync/retry-policy";
import { sendBatch, type Op } from "@/lib/sync/send-batch";
import { mergeUploadStats, type UploadStats } from "@/lib/sync/platform-stats";

// Delivers a run's plan: removes first (so people who must leave, like the newly suppressed,
// leave before anyone is added, and an identifier change removes the old value before adding
// the new), then adds; batches of at most the connector's size, several in flight per
// destination. Acknowledged batches are committed by one committer, every outcome waiting while a
// commit is under way going into the next transaction together (group commit: one transaction and
// one counter update for several batches, and no two transactions queueing on the run's row). Stops
// early on an auth error (the sync gets paused), a permanent error, or a destination that keeps
// failing, leaving the rest of the plan for the next run.

export type ExecuteInput = {
  runId: string;
  syncId: string;
  destinationId: string;
  connector: Connector<unknown, unknown>;
  ctx: Omit<ConnectorContext<unknown, unknown>, "batch" | "signal">;
  audienceId: string;
  source: BatchSource;
  toAdd: number;
  toRemove: number;
  batchSize: number;
  concurrency: number;
  policy: RetryPolicy;
  suppressionSegmentIds: string[];
  signal?: AbortSignal;
};

export type Stop = { kind: "auth" | "permanent" | "failing" | "error"; message: string; error?: ConnectorError | unknown };

/** Busy time per stage, summed over batches (they overlap, so these add up to more than wall time). */
export type StageTimes = { read_ms: number; send_ms: number; commit_ms: number };

/** Batches that failed after all retries, in a row, before the run gives up on the destination. */
const MAX_CONSECUTIVE_FAILED = 3;

/**
 * Sent batches awaiting their commit, at most this many times the concurrency: the destination's
 * slot is free again once it answered, and this bounds how far delivery runs ahead of commits
 * (what a crash can lose, and resend next run).
 */
const UNCOMMITTED_PER_SLOT = 2;

/**
 * Group commits under way at once. One committer kept the commits back to back for the whole of
 * a first sync's delivery (its busy time equalled delivery's wall time) while Postgres used one of
 * the two cores: the commits' own Postgres work (COPY, batch records, entry triggers) is most of a
 * first run's. Two groups in flight overlap that work; they touch disjoint people (removes are all
 * committed before any add is sent, and a plan names each person once per op) and only queue on
 * the run's counters row at their very end, the one row both update (no lock order to invert).
 */
const COMMITTERS = 2;

/** Group commit: outcomes arriving while the commits run wait and go into the next one together. */
function groupCommitter(commitMany: (records: BatchRecord[]) => Promise<void>) {
  let queue: { record: BatchRecord; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let running = 0;
  const drain = async () => {
    running++;
    while (queue.length) {
      const group = queue;
      queue = [];
      try {
        await commitMany(group.map((g) => g.record));
        for (const g of group) g.resolve();
      } catch (e) {
        for (const g of group) g.reject(e);
      }
    }
    running--;
  };
  return (record: BatchRecord) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ record, resolve, reject });
      if (running < COMMITTERS) void drain();
    });
}

export async function executeSync(
  input: ExecuteInput,
): Promise<{ stop: Stop | null; times: StageTimes; delta: CommitDelta; uploads: UploadStats }> {
  const times: StageTimes = { read_ms: 0, send_ms: 0, commit_ms: 0 };
  const delta: CommitDelta = { inserted: 0, deleted: 0 };
  /** The platform's own per-call figures (Meta num_received, Google match_rate_range…), summed over the run. */
  const uploads: UploadStats = {};
  const timed = async <T>(stage: keyof StageTimes, fn: () => Promise<T>) => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      times[stage] += performance.now() - t0;
    }
  };
  const commit = groupCommitter(async (records) => {
    const d = await timed("commit_ms", () => commitBatches(records));
    delta.inserted += d.inserted;
    delta.deleted += d.deleted;
  });
  const controller = new AbortController();
  let stop: Stop | null = null;
  let seq = 0;
  let consecutiveFailed = 0;
  const halt = (s: Stop, cancelInFlight: boolean) => {
    stop ??= s;
    if (cancelInFlight) controller.abort(new Error(`run stopped: ${s.message}`));
  };
  input.signal?.addEventListener("abort", () => halt({ kind: "error", message: "The run was cancelled" }, true), { once: true });

  async function deliver(
    op: Op,
    rows: RowsByKey,
    items: AudienceItem[],
    position: BatchPosition,
    suppressedAtSend: number,
    /** Frees the destination's slot: once its answer is in, the commit needs no slot. */
    sent: () => void = () => {},
  ): Promise<void> {
    const base = { runId: input.runId, syncId: input.syncId, op, startedAt: new Date(), rows, suppressedAtSend, fresh: input.source.fresh };
    if (!items.length) {
      await commit({
        ...base,
        seq: ++seq,
        status: "succeeded",
        attempts: 0,
        ok: [],
        rejected: [],
        throttled: 0,
        retries: 0,
        request: { skipped: "everyone in this batch was suppressed after the plan was made" },
      });
      return;
    }
    const out = await timed("send_ms", () =>
      sendBatch({
        connector: input.connector,
        ctx: input.ctx,
        audienceId: input.audienceId,
        op,
        items,
        position,
        policy: input.policy,
        signal: controller.signal,
      }),
    );
    sent();
    const record = { ...base, seq: ++seq, attempts: out.attempts, throttled: out.throttled, retries: out.attempts - 1 };
    if (out.kind === "sent") {
      consecutiveFailed = 0;
      mergeUploadStats(uploads, out.result.stats);
      const { ok, rejected } = splitResults(items, out.result.items);
      // Returned, not awaited: this frame (and with it the batch's items and results, 3-4 objects
      // per member) is let go while the commit waits its turn.
      return commit({
        ...record,
        status: rejected.length ? "partial" : "succeeded",
        ok,
        rejected,
        request: out.result.request,
        response: out.result.response ?? out.result.stats,
      });
    }
    if (out.kind === "payload" && items.length > 1) {
      // The platform refused the request as a whole: halve it until the bad member stands alone,
      // so one malformed row cannot keep thousands of good ones out.
      const mid = Math.ceil(items.length / 2);
      await deliver(op, rows, items.slice(0, mid), position, 0);
      await deliver(op, rows, items.slice(mid), position, 0);
      return;
    }
    const response = { error: out.error.message, status: out.error.details.status };
    if (out.kind === "payload") {
      const rejected: ItemResult[] = [{ key: items[0]!.key, status: "invalid", code: "payload_rejected", message: out.error.message }];
      await commit({ ...record, status: "failed", ok: [], rejected, response });
      return;
    }
    const code = out.kind === "failed" ? "retries_exhausted" : out.kind;
    await commit({
      ...record,
      status: "failed",
      ok: [],
      rejected: [],
      batchError: { code, message: out.error.message, size: items.length },
      response,
    });
    if (out.kind === "auth" || out.kind === "permanent") halt({ kind: out.kind, message: out.error.message, error: out.error }, true);
    else if (++consecutiveFailed >= MAX_CONSECUTIVE_FAILED)
      halt(
        {
          kind: "failing",
          message: `${MAX_CONSECUTIVE_FAILED} batches in a row failed after retries; last error: ${out.error.message}`,
          error: out.error,
        },
        false,
      );
  }

  /** The batch's people suppressed since the plan taken out (adds only), checked right before it is sent. */
  async function check(op: Op, rows: PlanRow[]) {
    const suppressed = op === "add" ? await suppressedNow(pool(), rows, input.suppressionSegmentIds) : new Set<string>();
    // The record keeps the rows sent (what the commit looks identifiers up in), in the order sent.
    const sent = suppressed.size ? rows.filter((r) => !suppressed.has(r.profile_id)) : rows;
    return { rows: new BatchRows(sent), items: sent.map(toItem), count: rows.length, suppressed: rows.length - sent.length };
  }

  for (const op of ["remove", "add"] as const) {
    const total = op === "add" ? input.toAdd : input.toRemove;
    if (!total || stop) continue;
    const batches = Math.ceil(total / input.batchSize);
    const inflight = new Set<Promise<void>>();
    let opSeq = 0;
    // The next batch's rows are read while the current ones wait for a slot (read-ahead of one);
    // the suppression re-check waits for the slot, so it is as late as it can be.
    const fetchNext = () => timed("read_ms", () => input.source.next(op, input.batchSize));
    let ahead: Promise<PlanRow[]> = fetchNext();
    while (!stop) {
      while (inflight.size >= input.concurrency * UNCOMMITTED_PER_SLOT) await Promise.race(inflight);
      let rows: PlanRow[];
      try {
        rows = await ahead;
      } catch (e) {
        halt({ kind: "error", message: (e as Error).message, error: e }, true);
        break;
      }
      if (!rows.length) break;
      ahead = fetchNext();
      ahead.catch(() => {}); // awaited next turn; a failure there halts the run
      const release = once(await acquireSlot(input.destinationId, input.concurrency));
      if (stop) {
        release();
        break;
      }
      let batch;
      try {
        batch = await timed("read_ms", () => check(op, rows));
      } catch (e) {
        release();
        halt({ kind: "error", message: (e as Error).message, error: e }, true);
        break;
      }
      opSeq++;
      const position: BatchPosition = { runId: input.runId, seq: opSeq, last: opSeq >= batches, estimatedTotal: total };
      const task: Promise<void> = deliver(op, batch.rows, batch.items, position, batch.suppressed, release)
        .catch((e) => halt({ kind: "error", message: e instanceof Error ? e.message : String(e), error: e }, true))
        .finally(() => {
          release();
          inflight.delete(task);
        });
      inflight.add(task);
    }
    await Promise.all(inflight);
    // A read still under way when the run stopped: let it settle before the connection is reused.
    await ahead.catch(() => {});
  }
  for (const k of Object.keys(times) as (keyof StageTimes)[]) times[k] = Math.round(times[k]);
  return { stop, times, delta, uploads };
}

function once(fn: () => void) {
  let done = false;
  return () => {
    if (!done) fn();
    done = true;
  };
}

/** One result per item, whatever the connector returned; an item it forgot counts as failed. */
function splitResults(items: AudienceItem[], results: ItemResult[]) {
  const ok: string[] = [];
  const rejected: ItemResult[] = [];
  // Connectors answer item by item in the order sent (a whole batch accepted is the usual case):
  // then no lookup table of 10,000 keys is needed.
  const inOrder = results.length === items.length && items.every((item, i) => results[i]!.key === item.key);
  const byKey = inOrder ? null : new Map(results.map((r) => [r.key, r]));
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const r = (byKey ? byKey.get(item.key) : results[i]) ?? {
      key: item.key,
      status: "failed" as const,
      code: "no_result",
      message: "The connector returned no result for this member",
    };
    if (r.status === "ok") ok.push(item.key);
    else rejected.push(r);
  }
  return { ok, rejected };
}
