import type { Connector, RequestStatusReport } from "@/lib/connectors/contract";
import { inTransaction, pool } from "@/lib/db";
import { egressFetch } from "@/lib/egress/egress-fetch";
import { logger } from "@/lib/logger";
import { loadSync } from "@/lib/sync/load-sync";
import { runOutcome } from "@/lib/sync/run-status";
import { leaveSql, TAKE_BACK_ENTRIES_CTE } from "@/lib/sync/entries-sql";
import { bigintArray } from "@/lib/sync/sql";
import { requireFullPlan } from "@/lib/sync/plan-incremental";

// Google's Data Manager API answers an upload with a request id and processes it later ("up to 24
// hours", diagnostics guide). A run waits a little (requestStatusPollTimeoutMs), and a batch still
// PROCESSING when it ends is recorded as such: sync_run_batches.request.request_id holds its ids
// and response.request_status says PROCESSING. This follow-up asks Google again
// (requestStatus:retrieve) until each request is final, and rewrites what the run and sync pages
// read, so they stop saying PROCESSING after Google finished:
//   SUCCESS          the batch's status word and the match range.
//   PARTIAL_SUCCESS  the batch is partial, with Google's per-reason record counts (Google names
//                    no records, so the people stay counted as delivered).
//   FAILED           nobody in the batch got through: they are counted failed with Google's
//                    reason; added people leave audience_members and removed people return to it,
//                    so the next run sends the change again.
// Then the run's platform figures (and its snapshot, which the sync page reads) are recomputed
// over all its batches.

export const REQUEST_STATUS_JOB = "google.request-status";
/** After a run with pending requests, look again this much later… */
export const FOLLOW_UP_SECONDS = 5 * 60;
/** …and stop asking once a request is this old: Google documents up to 24 hours; three days is well past it. */
export const GIVE_UP_HOURS = 72;
/** Status word once we stopped asking: the console must not keep saying Google is working on it. */
export const NOT_CONFIRMED = "NOT_CONFIRMED_AFTER_72H";

const FINAL = new Set(["SUCCESS", "PARTIAL_SUCCESS", "FAILED", NOT_CONFIRMED]);

type PendingBatch = {
  id: string;
  run_id: string;
  sync_id: string;
  op: string;
  request_ids: string | null;
  profile_ids: string[];
  stale: boolean;
};

export type RecheckResult = { checked: number; settled: number; stillProcessing: number; errors: number };

/** Every batch still PROCESSING (or one run's), asked about again. Safe to run concurrently: each settle is guarded. */
export async function recheckPendingRequests(opts: { runId?: string; limit?: number } = {}): Promise<RecheckResult> {
  const { rows } = await pool().query<PendingBatch>(
    `SELECT b.id, b.run_id, r.sync_id, b.op, b.request->>'request_id' AS request_ids, b.profile_ids::text[] AS profile_ids,
            coalesce(b.finished_at, b.started_at) < now() - make_interval(hours => $3) AS stale
       FROM sync_run_batches b JOIN sync_runs r ON r.id = b.run_id
      WHERE b.response->>'request_status' = 'PROCESSING' AND ($1::text IS NULL OR b.run_id = $1)
      ORDER BY b.started_at LIMIT $2`,
    [opts.runId ?? null, opts.limit ?? 500, GIVE_UP_HOURS],
  );
  const result: RecheckResult = { checked: 0, settled: 0, stillProcessing: 0, errors: 0 };
  const runs = new Set<string>();
  const bySync = new Map<string, PendingBatch[]>();
  for (const r of rows) bySync.set(r.sync_id, [...(bySync.get(r.sync_id) ?? []), r]);
  for (const [syncId, batches] of bySync) {
    let loaded: Awaited<ReturnType<typeof loadSync>>;
    try {
      loaded = await loadSync(syncId);
    } catch (e) {
      // Settings no longer valid, credentials unreadable: try again next time, say why in the log.
      logger.warn({ err: e, syncId }, "request status follow-up: sync not loadable");
      result.errors += batches.length;
      continue;
    }
    const connector = loaded.connector as Connector<unknown, unknown>;
    const ctx = { settings: loaded.settings, credentials: loaded.credentials, fetch: egressFetch, signal: AbortSignal.timeout(30_000) };
    for (const b of batches) {
      const ids = (b.request_ids ?? "").split(",").filter(Boolean);
      result.checked++;
      let report: RequestStatusReport | null = null;
      try {
        report = ids.length && connector.requestStatus ? await connector.requestStatus(ctx, ids) : null;
      } catch (e) {
        logger.warn({ err: e, batchId: b.id }, "request status follow-up: Google did not answer");
        result.errors++;
        if (!b.stale) continue;
      }
      if (report && report.status !== "PROCESSING") {
        if (await settleBatch(b, report)) result.settled++;
        runs.add(b.run_id);
      } else if (b.stale || !report) {
        // Never confirmed (or the destination no longer speaks this API): stop saying PROCESSING.
        if (await settleBatch(b, { status: NOT_CONFIRMED, failedRecords: 0, failedReasons: {} })) result.settled++;
        runs.add(b.run_id);
      } else {
        result.stillProcessing++;
        await pool().query(
          `UPDATE sync_run_batches SET response = response || jsonb_build_object('request_status_checked_at', now()) WHERE id = $1`,
          [b.id],
        );
      }
    }
  }
  for (const runId of runs) await refreshRunRequestFigures(runId);
  return result;
}

type Settled = Omit<RequestStatusReport, "status"> & { status: RequestStatusReport["status"] | typeof NOT_CONFIRMED };

const reasonsText = (reasons: Record<string, number>) =>
  Object.entries(reasons)
    .map(([r, n]) => `${r}: ${n}`)
    .join("; ");

/** One batch's final word, applied once (the PROCESSING guard makes a second settle a no-op). */
async function settleBatch(b: PendingBatch, report: Settled): Promise<boolean> {
  return inTransaction(async (tx) => {
    const failedWhole = report.status === "FAILED";
    const status = failedWhole ? "failed" : report.status === "PARTIAL_SUCCESS" ? "partial" : null;
    const response: Record<string, unknown> = {
      request_status: report.status,
      failed_records: report.failedRecords,
      ...(report.failedRecords ? { failed_reasons: reasonsText(report.failedReasons) } : {}),
      ...(report.matchRateRange ? { match_rate_range: report.matchRateRange } : {}),
      ...(report.status === NOT_CONFIRMED
        ? {
            request_status_detail: `Google had not confirmed this request ${GIVE_UP_HOURS} hours after it was sent; check the list in Google Ads.`,
          }
        : {}),
    };
    const updated = await tx.query(
      `UPDATE sync_run_batches SET response = response || $2::jsonb || jsonb_build_object('request_status_checked_at', now()),
              status = coalesce($3, status)
        WHERE id = $1 AND response->>'request_status' = 'PROCESSING'`,
      [b.id, JSON.stringify(response), status],
    );
    if (!updated.rowCount) return false;
    if (!failedWhole || !b.profile_ids.length) return true;
    // Nobody in the batch got through. Like a FAILED answer during the run (upload.ts): each person
    // is a failure with Google's reason, and is not in the audience as far as we know.
    const reason = Object.keys(report.failedReasons)[0] ?? "REQUEST_FAILED";
    const message = `Google could not process request ${b.request_ids}: ${reason}`;
    await tx.query(
      `INSERT INTO sync_run_item_errors (run_id, batch_id, profile_id, op, code, message)
       SELECT $1, $2, p, $3, $4, $5 FROM unnest($6::bigint[]) AS p`,
      [b.run_id, b.id, b.op, reason.slice(0, 100), message.slice(0, 2000), bigintArray(b.profile_ids)],
    );
    if (b.op === "add") {
      // The next run's plan diffs from audience_members: without these rows it sends them again.
      // Those delivered before this batch (an add-only sync re-sending changed identifiers, or
      // someone returning with an earlier entry) keep their first entry; the rest never entered.
      await tx.query(leaveSql("gone.entered_at < (SELECT coalesce(finished_at, started_at) FROM sync_run_batches WHERE id = $3)"), [
        b.sync_id,
        bigintArray(b.profile_ids),
        b.id,
      ]);
    } else {
      // Still in Google's list: back into audience_members with the identifiers the sync sends
      // (the profile's own hashes, as the plan picks them), so the next run's plan removes them
      // again. No identifier key: it only decides adds, and these are not being added. Their first
      // entry comes back from sync_entries, where the removal had put it.
      await tx.query(
        `WITH ${TAKE_BACK_ENTRIES_CTE}
         INSERT INTO audience_members (sync_id, profile_id, identifier_key, email_sha256, phone_sha256, external_id, entered_at)
         SELECT s.id, pr.id, '',
                CASE WHEN 'email' = ANY(s.identifiers) THEN pr.email_sha256 END,
                CASE WHEN 'phone' = ANY(s.identifiers) AND pr.phone_valid IS NOT FALSE THEN pr.phone_sha256 END,
                CASE WHEN 'external_id' = ANY(s.identifiers) THEN pr.external_id END,
                coalesce(r.entered_at, now())
           FROM syncs s JOIN profiles pr ON pr.id = ANY($2::bigint[]) LEFT JOIN back r ON r.profile_id = pr.id
          WHERE s.id = $1
         ON CONFLICT (sync_id, profile_id) DO UPDATE SET entered_at = least(audience_members.entered_at, EXCLUDED.entered_at)`,
        [b.sync_id, bigintArray(b.profile_ids)],
      );
    }
    // The delivered set changed outside a run: the next plan checks everyone (lib/sync/plan-incremental.ts).
    await requireFullPlan(tx, b.sync_id);
    // The batch no longer changed these people (row-level history reads profile_ids); the item errors say what happened.
    await tx.query(`UPDATE sync_run_batches SET profile_ids = '{}', reasons = '{}' WHERE id = $1`, [b.id]);
    const n = b.profile_ids.length;
    await tx.query(`UPDATE sync_runs SET added = added - $2, removed = removed - $3, failed = failed + $4 WHERE id = $1`, [
      b.run_id,
      b.op === "add" ? n : 0,
      b.op === "remove" ? n : 0,
      n,
    ]);
    return true;
  });
}

/** Combined as during a run: PROCESSING while any is; FAILED only when all failed; PARTIAL_SUCCESS when mixed. */
export function combinedRequestStatus(all: string[]): string {
  if (all.some((s) => !FINAL.has(s))) return "PROCESSING";
  if (all.every((s) => s === "SUCCESS")) return "SUCCESS";
  if (all.every((s) => s === "FAILED")) return "FAILED";
  if (all.every((s) => s === NOT_CONFIRMED)) return NOT_CONFIRMED;
  return "PARTIAL_SUCCESS";
}

/** "REASON: 3; OTHER: 1" (upload.ts and settleBatch write this form) back into counts. */
export function parseReasons(text: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof text !== "string") return out;
  for (const part of text.split(";")) {
    const m = /^\s*([^:]+):\s*(\d+)\s*$/.exec(part);
    if (m) out[m[1]!] = (out[m[1]!] ?? 0) + Number(m[2]);
  }
  return out;
}

/**
 * A run's Google figures from all its batches (during the run only the latest batch's words were
 * kept): request_status, failed_records, failed_reasons, into the run's stats.platform and the
 * run's snapshot (the sync page shows the latest snapshot's). The run's status follows its
 * counters, as runOutcome decides, and a partial success makes a succeeded run partial.
 * Returns whether any request is still pending.
 */
export async function refreshRunRequestFigures(runId: string): Promise<{ pending: boolean }> {
  const { rows } = await pool().query<{ request_status: string; failed_records: string | null; failed_reasons: string | null }>(
    `SELECT response->>'request_status' AS request_status, response->>'failed_records' AS failed_records,
            response->>'failed_reasons' AS failed_reasons
       FROM sync_run_batches WHERE run_id = $1 AND response ? 'request_status' AND request ? 'request_id' ORDER BY seq`,
    [runId],
  );
  if (!rows.length) return { pending: false };
  const status = combinedRequestStatus(rows.map((r) => r.request_status));
  const reasons: Record<string, number> = {};
  let failedRecords = 0;
  for (const r of rows) {
    failedRecords += Number(r.failed_records ?? 0) || 0;
    for (const [k, n] of Object.entries(parseReasons(r.failed_reasons))) reasons[k] = (reasons[k] ?? 0) + n;
  }
  const figures: Record<string, unknown> = { request_status: status, failed_records: failedRecords };
  if (failedRecords) figures.failed_reasons = reasonsText(reasons);
  await inTransaction(async (tx) => {
    const run = await tx.query<{ sync_id: string; status: string; added: number; removed: number; failed: number; error: string | null }>(
      `SELECT sync_id, status, added, removed, failed, error FROM sync_runs WHERE id = $1 FOR UPDATE`,
      [runId],
    );
    const r = run.rows[0];
    if (!r) return;
    let next = { status: r.status, error: r.error };
    // A run that stopped (auth, cancelled) keeps its reason; a finished one follows what was delivered.
    if (r.status === "succeeded" || r.status === "partial") {
      const outcome = runOutcome({ stopMessage: null, added: r.added, removed: r.removed, failed: r.failed });
      next =
        outcome.status === "succeeded" && status === "PARTIAL_SUCCESS"
          ? { status: "partial", error: null }
          : outcome.status === "failed" && status === "FAILED"
            ? { status: "failed", error: `Nothing was delivered: Google could not process any of it (${reasonsText(reasons)}).` }
            : outcome;
    }
    // Without failed_reasons when there are none: an earlier value must not linger.
    await tx.query(
      `UPDATE sync_runs SET status = $2::"RunStatus", error = $3,
              stats = jsonb_set(stats, '{platform}', (coalesce(stats->'platform', '{}'::jsonb) - 'failed_reasons') || $4::jsonb)
        WHERE id = $1`,
      [runId, next.status, next.error, JSON.stringify(figures)],
    );
    await tx.query(
      `UPDATE metric_snapshots SET figures = jsonb_set(figures, '{platform}', (coalesce(figures->'platform', '{}'::jsonb) - 'failed_reasons') || $3::jsonb)
        WHERE sync_id = $1 AND figures->>'run_id' = $2`,
      [r.sync_id, runId, JSON.stringify(figures)],
    );
  });
  return { pending: status === "PROCESSING" };
}
