import { z } from "zod";
import { pool } from "@/lib/db";

// Row-level history (issue 12 item 5): every time a sync added or removed one person, when, in
// which run, and why; plus what a platform refused for them and the holdout they sit in. Read from
// what the engine records, never a copy: the batch records (sync_run_batches.profile_ids and
// reasons, written in the same transaction as audience_members, lib/sync/commit-batch.ts), the
// per-item errors (sync_run_item_errors, the platform's own reason) and sync_holdouts.
// This is what answers "why am I still seeing ads after I bought?" in one screen.

export const SYNC_HISTORY_KINDS = ["added", "removed", "not_added", "not_removed", "held_out"] as const;

export const syncHistoryEntry = z.object({
  at: z.date(),
  kind: z.enum(SYNC_HISTORY_KINDS),
  syncId: z.string(),
  syncName: z.string(),
  destination: z.string(),
  /** The run that made the change; null for the holdout (recorded once, outside any run's batches). */
  runId: z.string().nullable(),
  /** Machine-readable reason: entered, identifiers_changed, left_segment, suppressed, capped, missing, held_out, test_profile, rejected, or the platform's error code. */
  reason: z.string(),
  /** The reason in a sentence for a support person. */
  detail: z.string(),
  /** Suppression rules that took the person out, when the reason is "suppressed". */
  rules: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type SyncHistoryEntry = z.infer<typeof syncHistoryEntry>;

export const syncHistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Opaque: the nextCursor of the previous page (older entries). */
  cursor: z
    .string()
    .regex(/^\d{1,9}$/, "must be the nextCursor of a previous page")
    .optional(),
});

type Row = {
  at: Date;
  kind: SyncHistoryEntry["kind"];
  sync_id: string;
  sync_name: string;
  destination: string;
  segment_name: string | null;
  cap_days: number | null;
  run_id: string | null;
  reason: string | null;
  message: string | null;
};

/** A page of it, newest first, and the cursor for older entries (null on the last page). */
export async function syncHistoryPage(profileId: string, opts: { limit?: number; cursor?: string } = {}) {
  const limit = opts.limit ?? 100;
  const offset = opts.cursor ? Number(opts.cursor) : 0;
  const rows = await syncHistory(profileId, { limit: limit + 1, offset });
  return { history: rows.slice(0, limit), nextCursor: rows.length > limit ? String(offset + limit) : null };
}

/** Newest first. `profileId` is the profile's numeric id (lib/people/get-person.ts `id`). */
export async function syncHistory(profileId: string, opts: { limit?: number; offset?: number } = {}): Promise<SyncHistoryEntry[]> {
  if (!/^\d{1,18}$/.test(profileId)) return [];
  const limit = opts.limit ?? 100;
  const { rows } = await pool().query<Row>(
    // Timestamps are TIMESTAMP(3) holding UTC: read them as such whatever the session's zone.
    `SELECT h.at AT TIME ZONE 'UTC' AS at, h.kind, h.sync_id, y.name AS sync_name, d.name AS destination, s.name AS segment_name,
            coalesce(y.cap_days, s.cap_days) AS cap_days, h.run_id, h.reason, h.message
     FROM (
       SELECT coalesce(b.finished_at, b.started_at) AS at, CASE b.op WHEN 'add' THEN 'added' ELSE 'removed' END AS kind,
              r.sync_id, b.run_id, b.reasons[array_position(b.profile_ids, $1::bigint)] AS reason, NULL::text AS message
         FROM (
           -- Two indexes, one each (migration 20261202013000): most batches by their ids (GIN), a
           -- first run's adds by their id range (GiST), then their ids checked all the same.
           SELECT op, run_id, started_at, finished_at, profile_ids, reasons FROM sync_run_batches
            WHERE member_range IS NULL AND profile_ids @> ARRAY[$1::bigint]
           UNION ALL
           SELECT op, run_id, started_at, finished_at, profile_ids, reasons FROM sync_run_batches
            WHERE member_range IS NOT NULL AND member_range @> $1::bigint AND profile_ids @> ARRAY[$1::bigint]
         ) b JOIN sync_runs r ON r.id = b.run_id
        WHERE NOT r.dry_run
       UNION ALL
       SELECT e.created_at, CASE e.op WHEN 'add' THEN 'not_added' ELSE 'not_removed' END, r.sync_id, e.run_id, e.code, e.message
         FROM sync_run_item_errors e JOIN sync_runs r ON r.id = e.run_id
        WHERE e.profile_id = $1::bigint AND NOT r.dry_run
       UNION ALL
       SELECT held_at, 'held_out', sync_id, NULL, 'held_out', holdout_percent::text FROM sync_holdouts WHERE profile_id = $1::bigint
     ) h
     JOIN syncs y ON y.id = h.sync_id JOIN destinations d ON d.id = y.destination_id LEFT JOIN segments s ON s.id = y.segment_id
     ORDER BY h.at DESC, h.kind, h.sync_id, h.run_id LIMIT $2 OFFSET $3`,
    [profileId, limit, opts.offset ?? 0],
  );
  const ruleIds = [...new Set(rows.flatMap((r) => suppressedBy(r.reason)))];
  const names = new Map<string, string>();
  if (ruleIds.length) {
    const { rows: rules } = await pool().query<{ id: string; name: string }>("SELECT id, name FROM suppression_rules WHERE id = ANY($1)", [
      ruleIds,
    ]);
    for (const r of rules) names.set(r.id, r.name);
  }
  return rows.map((r) => {
    const rules = suppressedBy(r.reason).map((id) => ({ id, name: names.get(id) ?? "a rule since deleted" }));
    const reason = r.reason?.startsWith("suppressed") ? "suppressed" : (r.reason ?? (r.kind === "added" ? "entered" : "unknown"));
    return {
      at: r.at instanceof Date ? r.at : new Date(r.at),
      kind: r.kind,
      syncId: r.sync_id,
      syncName: r.sync_name,
      destination: r.destination,
      runId: r.run_id,
      reason,
      detail: describe(r, reason, rules),
      rules,
    };
  });
}

const suppressedBy = (reason: string | null) => (reason?.startsWith("suppressed:") ? reason.slice(11).split(",").filter(Boolean) : []);

const quoted = (s: string | null) => (s ? `“${s}”` : "the sync's segment");

function describe(r: Row, reason: string, rules: { name: string }[]): string {
  if (r.kind === "held_out")
    return `In the holdout group (${r.message}% of the audience, kept out to measure lift): never sent to this sync while it keeps that share.`;
  if (r.kind === "not_added" || r.kind === "not_removed") {
    if (reason === "removal_refused_minimum_size")
      return "The platform refused to remove them: the audience would have dropped below its minimum size. They stay in the audience until it is large enough.";
    const what = r.kind === "not_added" ? "Not added" : "Not removed";
    return `${what}: the destination refused it (${reason}): ${r.message ?? "no reason given"}`;
  }
  if (r.kind === "added") {
    if (reason === "identifiers_changed") return "Sent again with their new email or phone (the old values were removed).";
    return `Added: a member of ${quoted(r.segment_name)}, not suppressed, held out or capped, with an identifier the sync sends.`;
  }
  switch (reason) {
    case "left_segment":
      return `Removed: left ${quoted(r.segment_name)}.`;
    case "suppressed":
      return `Removed: suppressed by ${rules.length ? rules.map((x) => `“${x.name}”`).join(" and ") : "a suppression rule"}.`;
    case "capped":
      return `Removed: in the segment longer than the ${r.cap_days ?? "configured"}-day cap.`;
    case "missing":
      return "Removed: they no longer have an email, phone or id the sync sends (lost or invalid).";
    case "held_out":
      return "Removed: moved into the holdout group.";
    case "control_group":
      return "Removed: in the workspace's global control group, which no promotional audience receives.";
    case "test_profile":
      return "Removed: marked as a test profile, which never stays in a live audience.";
    case "rejected":
      return "Removed: the destination refused their identifiers as invalid.";
    case "identifiers_changed":
      return "Their old email or phone was removed after it changed (the new one was sent).";
    default:
      return "Removed.";
  }
}
