import { randomUUID } from "node:crypto";
import type { PoolClient } from "pg";
import { inTransaction, pool } from "@/lib/db";
import type { ItemResult } from "@/lib/connectors/contract";
import { redact } from "@/lib/sync/redact";
import type { PlanRow, RowsByKey } from "@/lib/sync/batch-source";
import { copyAudienceRows } from "@/lib/sync/copy-rows";
import { leaveSql, RESTORE_ENTRIES_SQL, TAKE_BACK_ENTRIES_CTE } from "@/lib/sync/entries-sql";
import type { Op } from "@/lib/sync/send-batch";
import { bigintArray } from "@/lib/sync/sql";

// The durable step of a batch. Delivered state (audience_members, with each person's first entry:
// entries-sql.ts), the batch record and the run's counters change in ONE transaction, so after a
// crash at any instant the database says exactly what the destination was told and acknowledged;
// the next run's plan diffs from there.
// Per-item errors are written first, on their own (ARCHITECTURE §7: error text must survive a
// rolled-back transaction).

export type BatchStatus = "succeeded" | "partial" | "failed";

export type BatchRecord = {
  runId: string;
  syncId: string;
  op: Op;
  seq: number;
  status: BatchStatus;
  attempts: number;
  startedAt: Date;
  request?: unknown;
  response?: unknown;
  /** The audience was empty when the plan was made (streaming plan): adds cannot conflict. */
  fresh?: boolean;
  /** The batch's plan rows by key: the identifiers recorded for acknowledged and refused members. */
  rows: RowsByKey;
  /** Keys the destination acknowledged (applied to audience_members). */
  ok: string[];
  /** Per-item refusals and failures from the connector. */
  rejected: ItemResult[];
  /** Whole-batch failure (retries exhausted): one error row, every item counted failed. */
  batchError?: { code: string; message: string; size: number };
  throttled: number;
  retries: number;
  suppressedAtSend: number;
};

/** How the batch changed audience_members: rows inserted (new members) and deleted. */
export type CommitDelta = { inserted: number; deleted: number };

/**
 * The rows of `keys`, in their order: walked in step when the keys are the batch's rows as sent
 * (a batch acknowledged whole, the usual case), looked up by key otherwise.
 */
function rowsOf(rows: RowsByKey, keys: string[]): PlanRow[] {
  if (keys.length === rows.size) {
    // BatchRows hands its array over (checked in place and returned as it is, no copy); a Map is listed.
    const values = rows.values();
    const list = Array.isArray(values) ? (values as PlanRow[]) : [...values];
    let i = 0;
    while (i < keys.length && list[i]!.profile_id === keys[i]) i++;
    if (i === keys.length) return list;
  }
  return keys.map((k) => rows.get(k)!);
}

const cols = (rows: RowsByKey, keys: string[]) => {
  const picked = rowsOf(rows, keys);
  return [bigintArray(keys), picked.map((r) => r.k), picked.map((r) => r.e), picked.map((r) => r.p), picked.map((r) => r.x)];
};

export async function commitBatch(b: BatchRecord): Promise<CommitDelta> {
  return commitBatches([b]);
}

/**
 * Several acknowledged batches in ONE transaction (the executor's group commit): each keeps its
 * own batch record and audience change, and the run's counters move once. All or none of them
 * is durable, so a crash can lose only outcomes not yet committed, which the next run resends.
 */
export async function commitBatches(batches: BatchRecord[]): Promise<CommitDelta> {
  const ids = batches.map(() => randomUUID());
  for (const [i, b] of batches.entries()) await recordItemErrors(b, ids[i]!);
  return inTransaction(async (tx) => {
    const delta: CommitDelta = { inserted: 0, deleted: 0 };
    // First-run adds of every batch in one COPY: nothing to conflict with (copy-rows.ts).
    const copied: PlanRow[] = [];
    for (const b of batches) if (b.op === "add" && b.fresh) for (const r of rowsOf(b.rows, b.ok)) copied.push(r);
    if (copied.length) {
      delta.inserted += await copyAudienceRows(tx, batches[0]!.syncId, copied);
      await tx.query(RESTORE_ENTRIES_SQL, [batches[0]!.syncId, bigintArray(copied.map((r) => r.profile_id))]);
    }
    for (const [i, b] of batches.entries()) {
      const d = await applyBatch(tx, b, ids[i]!);
      delta.inserted += d.inserted;
      delta.deleted += d.deleted;
    }
    const sum = (f: (b: BatchRecord) => number) => batches.reduce((t, b) => t + f(b), 0);
    const rejected = (b: BatchRecord, status: ItemResult["status"]) => b.rejected.filter((r) => r.status === status).length;
    await tx.query(
      `UPDATE sync_runs SET
         added = added + $2, removed = removed + $3, invalid = invalid + $4, failed = failed + $5,
         stats = stats || jsonb_build_object(
           'batches_done', coalesce((stats->>'batches_done')::int, 0) + $9,
           'throttled', coalesce((stats->>'throttled')::int, 0) + $6,
           'retries', coalesce((stats->>'retries')::int, 0) + $7,
           'suppressed_at_send', coalesce((stats->>'suppressed_at_send')::int, 0) + $8)
       WHERE id = $1`,
      [
        batches[0]!.runId,
        sum((b) => (b.op === "add" ? b.ok.length : 0)),
        sum((b) => (b.op === "remove" ? b.ok.length : 0)),
        sum((b) => rejected(b, "invalid")),
        sum((b) => rejected(b, "failed") + (b.batchError?.size ?? 0)),
        sum((b) => b.throttled),
        sum((b) => b.retries),
        sum((b) => b.suppressedAtSend),
        batches.length,
      ],
    );
    return delta;
  });
}

/** One batch's part of the transaction, but for first-run adds (copied together above): audience change, refusals, batch record. */
async function applyBatch(tx: PoolClient, b: BatchRecord, batchId: string): Promise<CommitDelta> {
  const delta: CommitDelta = { inserted: 0, deleted: 0 };
  const invalid = b.rejected.filter((r) => r.status === "invalid");
  // The destination cannot hold what it calls invalid, so an invalid removal leaves our record too.
  const applied = b.op === "remove" ? [...b.ok, ...invalid.map((r) => r.key)] : b.ok;
  if (applied.length && b.op === "add" && !b.fresh) {
    // Upsert: an add-only sync re-adds a person whose identifiers changed without removing them
    // (their row keeps its entry). Someone returning brings their first entry back from sync_entries.
    const res = await tx.query<{ inserted: boolean }>(
      `WITH ${TAKE_BACK_ENTRIES_CTE}
       INSERT INTO audience_members (sync_id, profile_id, identifier_key, email_sha256, phone_sha256, external_id, entered_at)
       SELECT $1, u.*, coalesce(r.entered_at, now())
         FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) u(profile_id, k, e, p, x)
         LEFT JOIN back r ON r.profile_id = u.profile_id
       ON CONFLICT (sync_id, profile_id) DO UPDATE SET identifier_key = EXCLUDED.identifier_key,
         email_sha256 = EXCLUDED.email_sha256, phone_sha256 = EXCLUDED.phone_sha256, external_id = EXCLUDED.external_id,
         entered_at = least(audience_members.entered_at, EXCLUDED.entered_at)
       RETURNING (xmax = 0) AS inserted`,
      [b.syncId, ...cols(b.rows, applied)],
    );
    delta.inserted = res.rows.filter((r) => r.inserted).length;
  } else if (applied.length && b.op === "remove") {
    const res = await tx.query<{ n: number }>(leaveSql(), [b.syncId, bigintArray(applied)]);
    delta.deleted = res.rows[0]!.n;
  }
  if (b.op === "add" && invalid.length) {
    // Remember the refused identifiers so the next plans skip them (plan-sql.ts "rejected").
    const [ids, , e, p, x] = cols(
      b.rows,
      invalid.map((r) => r.key),
    );
    await tx.query(
      `INSERT INTO sync_rejections (sync_id, profile_id, email_sha256, phone_sha256, external_id, code, message, rejected_at)
       SELECT $1, r.*, now() FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS r
       ON CONFLICT (sync_id, profile_id) DO UPDATE SET email_sha256 = EXCLUDED.email_sha256, phone_sha256 = EXCLUDED.phone_sha256,
         external_id = EXCLUDED.external_id, code = EXCLUDED.code, message = EXCLUDED.message, rejected_at = now()`,
      [b.syncId, ids, e, p, x, invalid.map((r) => r.code ?? "invalid"), invalid.map((r) => (r.message ?? "Rejected").slice(0, 1000))],
    );
  }
  const size = b.ok.length + b.rejected.length + (b.batchError?.size ?? 0);
  // Row-level history: who this batch changed in audience_members, and the plan's reason for each.
  const reasons = rowsOf(b.rows, applied).map((r) => r?.reason ?? (b.op === "add" ? "entered" : null));
  // A first run's reasons are all "entered": one value Postgres repeats, not a 10,000-element literal.
  const same = reasons.length > 0 && reasons[0] !== null && reasons.every((r) => r === reasons[0]) ? reasons[0]! : null;
  const ids = bigintArray(applied);
  // A first run's adds are indexed by their id range, not id by id (migration 20261202013000).
  const ranged = b.op === "add" && !!b.fresh && applied.length > 0;
  await tx.query(
    `INSERT INTO sync_run_batches (id, run_id, seq, op, size, status, attempts, request, response, started_at, finished_at, profile_ids, reasons, member_range)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), $11::bigint[],
       coalesce($12::text[], array_fill($13::text, ARRAY[cardinality($11::bigint[])])),
       CASE WHEN $14::boolean THEN (SELECT int8range(min(x), max(x), '[]') FROM unnest($11::bigint[]) x) END)`,
    [
      batchId,
      b.runId,
      b.seq,
      b.op,
      size,
      b.status,
      b.attempts,
      json(b.request),
      json(b.response ?? (b.batchError ? { error: b.batchError.message } : null)),
      b.startedAt,
      ids,
      same === null ? reasons : null,
      same,
      ranged,
    ],
  );
  return delta;
}

async function recordItemErrors(b: BatchRecord, batchId: string) {
  const errors = b.rejected.map((r) => ({
    profileId: r.key,
    code: r.code ?? r.status,
    message: r.message ?? (r.status === "invalid" ? "Rejected as invalid" : "Failed"),
  }));
  if (b.batchError)
    errors.push({
      profileId: null as unknown as string,
      code: b.batchError.code,
      message: `${b.batchError.size.toLocaleString("en-US")} ${b.batchError.size === 1 ? "person" : "people"} not sent: ${b.batchError.message}`,
    });
  if (!errors.length) return;
  await pool().query(
    `INSERT INTO sync_run_item_errors (run_id, batch_id, profile_id, op, code, message)
     SELECT $1, $2, r.profile_id, $3, r.code, r.message FROM unnest($4::bigint[], $5::text[], $6::text[]) AS r(profile_id, code, message)`,
    [
      b.runId,
      batchId,
      b.op,
      errors.map((e) => e.profileId),
      errors.map((e) => e.code.slice(0, 100)),
      errors.map((e) => e.message.slice(0, 2000)),
    ],
  );
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(redact(v)));
