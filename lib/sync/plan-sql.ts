import type { IdentifierKind } from "@/lib/connectors/contract";
import { sendablePhoneSql } from "@/lib/identity/sendable";
import { inGlobalControlForSyncSql } from "@/lib/measurement/global-control-sql";
import { RULES_IN_SCOPE_SQL } from "@/lib/suppression/rules-in-scope";
import { higherTierMembersSql, otherTierDeliveredSql } from "@/lib/tiers/tier-sql";

// The plan, as SQL (ARCHITECTURE §3): every member of the sync's segment is classified once,
// in Postgres, in this order (the first that applies counts):
//   test_profile a test profile (profiles.is_test): never in a live audience, whatever the mode;
//               one already delivered is removed by the next run (lib/people/population.ts)
//   control_group in the workspace's global control group, when the sync is promotional
//               (lib/measurement/global-control-sql.ts): removed like a test profile, add-only too
//   higher_tier in a tier group, qualifies for a higher tier: removed like control_group, add-only too
//   other_tier  in a tier group, another tier's audience still has them: not added yet (lib/tiers/tier-sql.ts)
//   suppressed  a member of a segment of any suppression rule in scope
//   capped      entered the segment longer ago than the cap
//   missing     has none of the identifiers the sync sends
//   held_out    in the sync's stable hash-based holdout share (of the eligible)
//   rejected    the destination refused these exact identifiers as invalid in the last day
//   desired     everyone else: the audience the destination should have
// Parameters: $1 sync id, $2 segment id, $3 suppression segment ids, $4 cap days (null: no cap),
// $5 holdout percent. Identifier kinds come from a validated enum, so they are inlined: the
// primary-identifier CASE then costs nothing per row.

export type PlanStatus =
  | "test_profile"
  | "control_group"
  | "higher_tier"
  | "other_tier"
  | "suppressed"
  | "capped"
  | "missing"
  | "held_out"
  | "rejected"
  | "desired";

/** The SQL that picks each identifier a sync sends (also used by validation runs, lib/validation). */
export const column: Record<IdentifierKind, { alias: "e" | "p" | "x"; expr: string }> = {
  email: { alias: "e", expr: "pr.email_sha256" },
  // A phone ingest could not parse (phone_valid false) is not an identifier anyone can match.
  phone: { alias: "p", expr: `CASE WHEN ${sendablePhoneSql("pr")} THEN pr.phone_sha256 END` },
  external_id: { alias: "x", expr: "pr.external_id" },
};

/**
 * Holdout membership: a stable hash of (sync, person) in [0, 10000), held out when below
 * percent × 100. Stable across runs, independent between syncs, no stored randomness.
 */
export const HOLDOUT_SQL = (syncParam: string, profileExpr: string, percentParam: string) =>
  `mod(mod(hashtextextended(${syncParam} || ':' || ${profileExpr}, 0), 10000) + 10000, 10000) < ${percentParam}::int * 100`;

/**
 * What shapes the SQL besides parameters: the identifiers sent (inlined), and whether the sync
 * has refusals to honour (when it has none, the per-member refusal lookup is left out: it cost
 * ~10% of a million-member pass).
 */
export type PlanShape = {
  identifiers: IdentifierKind[];
  rejections: boolean;
  /**
   * Where members are read from: segment_memberships, or a temp table of the same columns
   * (segment_id, profile_id, entered_at) holding an unsaved definition's members, so the
   * risky-edit guard (lib/launch/segment-impact.ts) classifies them exactly as a run would.
   */
  members?: string;
  /**
   * An incremental plan (lib/sync/plan-incremental.ts): a table of `profile_id`s, the people who
   * changed since the sync's committed position. Classification and diff are restricted to them;
   * the rules that classify stay the ones above, so both kinds of plan decide alike.
   */
  only?: string;
  /**
   * false: the sync is in no tier group, so the two tier statuses cannot apply and are left out
   * (their lookups read every other tier's delivered set). Incremental plans only: a tier always
   * gets a full plan.
   */
  tiers?: boolean;
};

// A full plan hashes the suppression segments' members and the sync's refusals once and looks
// every member up in that; an incremental plan classifies a few changed people, so each probes the
// primary key instead (building the hash would cost in proportion to the suppression segments,
// whatever the churn). The same conditions either way: profile ids and the coalesced identifiers
// are never null, so IN and EXISTS agree.
const suppressedSql = (only: string | undefined) =>
  only
    ? "EXISTS (SELECT 1 FROM segment_memberships sm WHERE sm.segment_id = ANY($3::text[]) AND sm.profile_id = m.profile_id)"
    : "m.profile_id IN (SELECT profile_id FROM segment_memberships WHERE segment_id = ANY($3::text[]))";

const rejectedSql = (pick: (kind: IdentifierKind) => string, only: string | undefined) => {
  const ids = `coalesce(${pick("email")}, ''), coalesce(${pick("phone")}, ''), coalesce(${pick("external_id")}, '')`;
  const refused = "coalesce(r.email_sha256, ''), coalesce(r.phone_sha256, ''), coalesce(r.external_id, '')";
  return only
    ? `EXISTS (SELECT 1 FROM sync_rejections r WHERE r.sync_id = $1 AND r.profile_id = m.profile_id
          AND r.rejected_at > now() - interval '1 day' AND (${refused}) = (${ids}))`
    : `(m.profile_id, ${ids}) IN (
          SELECT r.profile_id, ${refused}
          FROM sync_rejections r WHERE r.sync_id = $1 AND r.rejected_at > now() - interval '1 day')`;
};

/**
 * `= ANY` of the changed people's ids, gathered into one array first, so there is no join for the
 * planner to turn around: the index is probed once per changed person. Joined as a subquery, a table
 * that statistics still say is empty (a first sync's million rows, written minutes ago and not yet
 * analyzed) became the outer side of a nested loop that rescanned the changed people for each of
 * its rows: an incremental plan of 10,000 changes ran for over 7 minutes instead of 0.4 s.
 */
export const changedIds = (only: string) => `ANY(ARRAY(SELECT profile_id FROM ${only}))`;

/** One row per segment member: status, the identifiers to send (e, p, x), primary kind (k), raw email/phone. */
export function classifiedSql({ identifiers, rejections, members = "segment_memberships", only, tiers = true }: PlanShape): string {
  const pick = (kind: IdentifierKind) => (identifiers.includes(kind) ? column[kind].expr : "NULL::text");
  const none = identifiers.map((k) => `${column[k].expr} IS NULL`).join(" AND ") || "TRUE";
  const primary = identifiers.map((k) => `WHEN ${column[k].expr} IS NOT NULL THEN '${k}'`).join(" ");
  return `
    SELECT m.profile_id,
      CASE
        WHEN pr.is_test THEN 'test_profile'
        WHEN ${inGlobalControlForSyncSql("$1::text", "m.profile_id")} THEN 'control_group'
        ${
          tiers
            ? `WHEN m.profile_id IN (${higherTierMembersSql("$1::text")}) THEN 'higher_tier'
        WHEN m.profile_id IN (${otherTierDeliveredSql("$1::text")}) THEN 'other_tier'`
            : ""
        }
        WHEN ${suppressedSql(only)} THEN 'suppressed'
        WHEN $4::int IS NOT NULL AND m.entered_at < now() - make_interval(days => $4::int) THEN 'capped'
        WHEN ${none} THEN 'missing'
        WHEN $5::int > 0 AND ${HOLDOUT_SQL("$1::text", "m.profile_id", "$5")} THEN 'held_out'
        ${rejections ? `WHEN ${rejectedSql(pick, only)} THEN 'rejected'` : ""}
        ELSE 'desired'
      END AS status,
      ${pick("email")} AS e, ${pick("phone")} AS p, ${pick("external_id")} AS x,
      ${primary ? `CASE ${primary} ELSE '' END` : "''"} AS k,
      ${identifiers.includes("email") ? "pr.email" : "NULL::text"} AS email,
      ${identifiers.includes("phone") ? "pr.phone" : "NULL::text"} AS phone
    FROM ${
      // Members first, then their profiles: OFFSET 0 keeps the planner from probing profiles for
      // the changed people who are not members (those who left, half of a typical churn). The
      // changed ids as an array (changedIds) make it one index probe per changed person.
      only ? `(SELECT m.* FROM ${members} m WHERE m.segment_id = $2 AND m.profile_id = ${changedIds(only)} OFFSET 0) m` : `${members} m`
    }
    JOIN profiles pr ON pr.id = m.profile_id
    WHERE m.segment_id = $2`;
}

/** Counts per status, with identifier coverage, for the run record and the snapshot. */
export const countsSql = (shape: PlanShape) => `
  SELECT status, count(*)::int AS n, count(e)::int AS email, count(p)::int AS phone, count(x)::int AS external_id
  FROM (${classifiedSql(shape)}) c GROUP BY status`;

/**
 * The counts, for a plan that keeps member states (lib/sync/plan-incremental.ts): every member's
 * status and coverage written to sync_member_states as they are counted, so later incremental
 * plans can adjust the counts by what changed instead of classifying everyone again.
 */
export const stateCountsSql = (shape: PlanShape, classified = classifiedSql(shape)) => `
  WITH ins AS (
    INSERT INTO sync_member_states (sync_id, profile_id, status, e, p, x)
    SELECT $1, profile_id, status, e IS NOT NULL, p IS NOT NULL, x IS NOT NULL FROM (${classified}) c
    RETURNING status, e, p, x)
  SELECT status, count(*)::int AS n, count(*) FILTER (WHERE e)::int AS email, count(*) FILTER (WHERE p)::int AS phone,
         count(*) FILTER (WHERE x)::int AS external_id
  FROM ins GROUP BY status`;

/**
 * Why a delivered member is removed, kept for row-level history (lib/people/sync-history.ts):
 * the plan status that took them out of the desired set, the rules that suppress them (only
 * looked up for the few removed as suppressed: CASE evaluates the subquery for those rows alone),
 * or why they are not a member any more.
 */
const REMOVE_REASON = `CASE
        WHEN j.test THEN 'test_profile'
        WHEN j.status IS NULL THEN 'left_segment'
        WHEN j.status = 'desired' THEN 'identifiers_changed'
        WHEN j.status = 'suppressed' THEN 'suppressed:' || coalesce((
          SELECT string_agg(DISTINCT r.rule_id, ',') FROM (${RULES_IN_SCOPE_SQL}) r
          WHERE r.sync_id = $1 AND r.segment_id = ANY($3::text[])
            AND EXISTS (SELECT 1 FROM segment_memberships sm WHERE sm.segment_id = r.segment_id AND sm.profile_id = j.profile_id)), '')
        ELSE j.status
      END`;

/**
 * The diff, written to sync_plan_items for run $6 in one pass: classified members FULL JOIN what
 * the destination has. add = desired and (not delivered, or delivered with other identifiers);
 * remove = delivered and (mirror and no longer desired, or identifiers changed, or a test
 * profile: those leave add-only audiences too, and whether or not they are still segment members);
 * hold = held out and not yet recorded (for lift). $7 = mirror (boolean), $8 = record holdouts.
 * `classified` replaces the classification with rows already classified (an incremental plan
 * classifies its changed people once, for the diff and for the member states).
 */
export const planInsertSql = (shape: PlanShape, classified = classifiedSql(shape)) => `
  INSERT INTO sync_plan_items (run_id, op, profile_id, identifier_key, email_sha256, phone_sha256, external_id, email, phone, reason)
  SELECT $6, o.op, j.profile_id, o.k, o.e, o.p, o.x, o.email, o.phone, o.reason
  FROM (
    SELECT * FROM (
      SELECT coalesce(c.profile_id, a.profile_id) AS profile_id, c.status, c.e, c.p, c.x, c.k, c.email, c.phone,
        a.identifier_key AS ak, a.email_sha256 AS ae, a.phone_sha256 AS ap, a.external_id AS ax,
        a.profile_id IS NOT NULL AS had,
        -- Hashed: the test profiles are a handful (profiles_test_idx).
        (c.status = 'test_profile' OR a.profile_id IN (SELECT id FROM profiles WHERE is_test)) AS test,
        (a.email_sha256, a.phone_sha256, a.external_id) IS DISTINCT FROM (c.e, c.p, c.x) AS changed
      FROM (${classified}) c
      FULL JOIN (SELECT profile_id, identifier_key, email_sha256, phone_sha256, external_id FROM audience_members WHERE sync_id = $1${
        shape.only ? ` AND profile_id = ${changedIds(shape.only)}` : ""
      }) a
        ON a.profile_id = c.profile_id
    ) j0
    -- Most members need nothing: drop them before the per-row op expansion below.
    WHERE (status = 'desired' AND (NOT had OR changed)) OR (had AND (status IS DISTINCT FROM 'desired' OR changed)) OR ($8 AND status = 'held_out')
  ) j
  CROSS JOIN LATERAL (
    SELECT 'remove', j.ak, j.ae, j.ap, j.ax, NULL::text, NULL::text, ${REMOVE_REASON}
      WHERE ($7 OR j.test OR j.status IN ('control_group', 'higher_tier')) AND j.had AND (j.status IS DISTINCT FROM 'desired' OR j.changed)
    UNION ALL
    SELECT 'add', j.k, j.e, j.p, j.x, j.email, j.phone, CASE WHEN j.had THEN 'identifiers_changed' ELSE 'entered' END
      WHERE j.status = 'desired' AND (NOT j.had OR j.changed)
    UNION ALL
    SELECT 'hold', j.k, NULL, NULL, NULL, NULL, NULL, NULL
      WHERE $8 AND j.status = 'held_out' AND ${
        // Probed for the few changed people; hashed (every holdout of the sync) for a full plan.
        shape.only
          ? "NOT EXISTS (SELECT 1 FROM sync_holdouts h WHERE h.sync_id = $1 AND h.profile_id = j.profile_id)"
          : "j.profile_id NOT IN (SELECT profile_id FROM sync_holdouts WHERE sync_id = $1)"
      }
  ) o(op, k, e, p, x, email, phone, reason)`;

/**
 * The plan of a sync whose audience is empty (its first run): nothing can need removing, so the
 * adds are simply the desired members, streamed from a cursor instead of written to a table.
 * In profile id order (the merge join's order already, so no sort): each batch then covers one
 * narrow id range, which is how its history is indexed (commit-batch.ts, migration 20261202013000).
 */
export const desiredSql = (shape: PlanShape) => `
  SELECT profile_id, k, e, p, x, email, phone FROM (${classifiedSql(shape)}) c WHERE status = 'desired' ORDER BY profile_id`;

/** Records held-out members not yet recorded ($6 = percent), for the streaming path. */
export const holdoutInsertSql = (shape: PlanShape) => `
  INSERT INTO sync_holdouts (sync_id, profile_id, holdout_percent)
  SELECT $1, profile_id, $5 FROM (${classifiedSql(shape)}) c WHERE status = 'held_out'
  ON CONFLICT DO NOTHING`;
