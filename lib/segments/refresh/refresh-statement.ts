import { allConditions, type SegmentDefinition } from "@/lib/segments/definition";
import { Params } from "@/lib/segments/sql/params";

// One statement that brings a segment's materialized membership up to date: it diffs who
// matches now against the current members, and writes the memberships, the cap bookkeeping
// and one transition per entry and exit. Data-modifying CTEs all see the same snapshot, so
// every part diffs against the membership as it was before. Who matches is read from a
// table the caller filled beforehand (refresh-segment.ts): a statement that modifies data
// never runs in parallel, so computing the members inside it would run that query, the
// expensive part, on one core.
//
// Capped membership: a member whose entered_at is at least `cap` days old leaves with
// reason "cap reached" even if they still match, and is remembered in segment_cap_exits.
// They re-enter only after new activity: an event the definition looks for (performed,
// sequence, recency rules) newer than the cap exit; with no such rule, any event. A capped
// person who stops matching is forgotten, so qualifying again later is a fresh entry.

export const EXIT_NO_MATCH = "no longer matches";
export const EXIT_CAP = "cap reached";
export const ENTER_MATCH = "matches";
export const ENTER_REQUALIFIED = "new activity after cap";

export type RefreshCounts = { matched: number; entered: number; exited: number; capped: number; blocked: number; size: number };

/** Event names whose new occurrence lets a capped person back in. */
export function activityEvents(def: SegmentDefinition): string[] {
  const names = new Set<string>();
  for (const c of allConditions(def.conditions)) {
    if (c.type === "event" && c.performed) names.add(c.event);
    if (c.type === "sequence") names.add(c.did.event);
    if (c.type === "recency") names.add(c.event);
  }
  return [...names];
}

/**
 * With `only` (profile ids), the diff covers those people alone: `matched` must then be
 * compiled for the same people (compile option `only`), and members outside the list are
 * neither read nor touched. The near-real-time refresh of people whose events just arrived.
 * With `dryRun`, the same diff without writing anything: the change-impact preview.
 * `matched.sql` is read several times, so it must be a cheap read of materialized ids (a
 * temporary table), not the segment's query itself.
 */
export function refreshStatement(
  matched: { sql: string; params: unknown[] },
  o: {
    segmentId: string;
    capDays: number | null;
    now: number;
    activity: string[];
    dryRun?: boolean;
    only?: string[];
  },
) {
  const p = new Params(matched.params);
  const seg = p.add(o.segmentId, "text");
  const only = o.only ? ` AND profile_id = ANY(${p.add(o.only, "bigint[]")})` : "";
  const now = o.dryRun ? "" : p.time(o.now); // allocated only when used: unused parameters fail to type
  const capped = o.capDays
    ? `SELECT c.profile_id FROM cur c JOIN matched m ON m.profile_id = c.profile_id WHERE c.entered_at <= ${p.time(o.now - o.capDays * 86_400_000)}`
    : `SELECT NULL::bigint AS profile_id WHERE false`;
  const activity = o.activity.length ? ` AND e.name = ANY(${p.add(o.activity, "text[]")})` : "";
  const sql = `WITH matched AS NOT MATERIALIZED (${matched.sql}),
cur AS MATERIALIZED (SELECT profile_id, entered_at FROM segment_memberships WHERE segment_id = ${seg}${only}),
capx AS MATERIALIZED (SELECT profile_id, capped_at FROM segment_cap_exits WHERE segment_id = ${seg}${only}),
gone AS MATERIALIZED (SELECT c.profile_id FROM cur c WHERE NOT EXISTS (SELECT 1 FROM matched m WHERE m.profile_id = c.profile_id)),
capped AS MATERIALIZED (${capped}),
blocked AS MATERIALIZED (
  SELECT x.profile_id FROM capx x JOIN matched m ON m.profile_id = x.profile_id
  WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.profile_id = x.profile_id${activity} AND e.occurred_at > x.capped_at)),
entering AS MATERIALIZED (
  SELECT m.profile_id, (x.profile_id IS NOT NULL) AS requalified FROM matched m LEFT JOIN capx x ON x.profile_id = m.profile_id
  WHERE NOT EXISTS (SELECT 1 FROM cur c WHERE c.profile_id = m.profile_id) AND NOT EXISTS (SELECT 1 FROM blocked b WHERE b.profile_id = m.profile_id))${
    o.dryRun
      ? ""
      : `,
${writes(seg, now, !!o.only)}`
  }
SELECT (SELECT count(*) FROM matched)::int AS matched, (SELECT count(*) FROM entering)::int AS entered,
  (SELECT count(*) FROM gone)::int AS exited, (SELECT count(*) FROM capped)::int AS capped,
  (SELECT count(*) FROM blocked)::int AS blocked,
  (SELECT count(*) FROM ${only ? `segment_memberships WHERE segment_id = ${seg}` : "cur"})::int AS before`;
  return { sql, params: p.values };
}

function writes(seg: string, now: string, only: boolean) {
  return `del AS (DELETE FROM segment_memberships sm WHERE sm.segment_id = ${seg} AND sm.profile_id IN (SELECT profile_id FROM gone UNION ALL SELECT profile_id FROM capped)),
ins AS (INSERT INTO segment_memberships (segment_id, profile_id, entered_at) SELECT ${seg}, profile_id, ${now} FROM entering ORDER BY profile_id),
capdel AS (DELETE FROM segment_cap_exits x WHERE x.segment_id = ${seg}${only ? " AND x.profile_id IN (SELECT profile_id FROM capx)" : ""}
  AND (NOT EXISTS (SELECT 1 FROM matched m WHERE m.profile_id = x.profile_id) OR x.profile_id IN (SELECT profile_id FROM entering))),
capins AS (INSERT INTO segment_cap_exits (segment_id, profile_id, capped_at) SELECT ${seg}, profile_id, ${now} FROM capped),
tr AS (INSERT INTO segment_transitions (segment_id, profile_id, kind, reason, at)
  SELECT ${seg}, profile_id, 'exit'::"TransitionKind", '${EXIT_NO_MATCH}', ${now} FROM gone
  UNION ALL SELECT ${seg}, profile_id, 'exit'::"TransitionKind", '${EXIT_CAP}', ${now} FROM capped
  UNION ALL SELECT ${seg}, profile_id, 'enter'::"TransitionKind", CASE WHEN requalified THEN '${ENTER_REQUALIFIED}' ELSE '${ENTER_MATCH}' END, ${now} FROM entering
  ORDER BY profile_id)`;
}
