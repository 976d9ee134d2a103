import type { Queryable } from "@/lib/sync/sql";

// The one suppression brain: which enabled rules apply to a sync. Every place that needs the
// answer (the plan, the send-time re-check, the Suppression page's coverage) goes through this
// SQL, so a rule can never hold someone out of one screen and leak them into a destination.
// A rule applies to a sync when it is enabled and either covers all promotional syncs (and the
// sync is promotional) or names the sync explicitly.
export const RULES_IN_SCOPE_SQL = `
  SELECT r.id AS rule_id, r.segment_id, s.id AS sync_id
  FROM suppression_rules r
  JOIN syncs s ON (r.scope = 'all_promotional' AND s.promotional)
              OR (r.scope = 'selected' AND EXISTS (SELECT 1 FROM suppression_rule_syncs rs WHERE rs.rule_id = r.id AND rs.sync_id = s.id))
  WHERE r.enabled`;

/** Segments whose members a sync must never send, deduplicated. */
export async function suppressionSegmentIds(q: Queryable, syncId: string): Promise<string[]> {
  const { rows } = await q.query<{ segment_id: string }>(
    `SELECT DISTINCT segment_id FROM (${RULES_IN_SCOPE_SQL}) x WHERE sync_id = $1 ORDER BY segment_id`,
    [syncId],
  );
  return rows.map((r) => r.segment_id);
}
