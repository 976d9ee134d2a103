import { pool } from "@/lib/db";
import { segmentIdentityCounts } from "@/lib/identity/audit/segment-identity-counts";
import { RULES_IN_SCOPE_SQL } from "@/lib/suppression/rules-in-scope";

// The Suppression page's proof of coverage: for each rule, every sync it applies to and how many
// of that sync's segment members it is holding out right now (live counts over memberships, from
// the same in-scope SQL the engine plans with; segment sizes from the trigger-kept member counts).

export type RuleCoverage = {
  id: string;
  name: string;
  segmentId: string;
  segmentName: string;
  segmentSize: number;
  scope: "all_promotional" | "selected";
  enabled: boolean;
  selectedSyncIds: string[];
  syncs: { id: string; name: string; state: string; heldOut: number; segmentSize: number }[];
  createdAt: Date;
};

export async function listSuppressionRules(): Promise<RuleCoverage[]> {
  const [{ rows: rules }, { rows: coverage }] = await Promise.all([
    pool().query(
      `SELECT r.id, r.name, r.segment_id, g.name AS segment_name, g.size AS segment_size, r.scope, r.enabled, r.created_at,
         coalesce(array_agg(rs.sync_id) FILTER (WHERE rs.sync_id IS NOT NULL), '{}') AS selected
       FROM suppression_rules r JOIN segments g ON g.id = r.segment_id LEFT JOIN suppression_rule_syncs rs ON rs.rule_id = r.id
       GROUP BY r.id, g.name, g.size ORDER BY r.created_at`,
    ),
    // Each (rule segment, sync segment) pair is intersected once however many syncs share it: a
    // merge of the two segments' primary-key ranges (index-only), not one per sync.
    pool().query(
      `WITH x AS (SELECT x.rule_id, x.segment_id AS rule_segment, s.id AS sync_id, s.name, s.state, s.segment_id
                    FROM (${RULES_IN_SCOPE_SQL}) x JOIN syncs s ON s.id = x.sync_id),
            pairs AS (SELECT DISTINCT rule_segment, segment_id FROM x),
            held AS (SELECT p.rule_segment, p.segment_id,
                       (SELECT count(*)::int FROM segment_memberships m JOIN segment_memberships h ON h.profile_id = m.profile_id AND h.segment_id = p.rule_segment
                         WHERE m.segment_id = p.segment_id) AS held_out
                       FROM pairs p)
       SELECT x.rule_id, x.sync_id, x.name, x.state, x.segment_id, h.held_out FROM x JOIN held h USING (rule_segment, segment_id) ORDER BY x.name`,
    ),
  ]);
  // Live member counts of the syncs' segments, from the counts triggers keep with every membership write.
  const sizes = await segmentIdentityCounts([...new Set(coverage.map((c) => c.segment_id as string))]);
  const sizeOf = (segmentId: string) => [...(sizes.get(segmentId)?.values() ?? [])].reduce((a, n) => a + n, 0);
  return rules.map((r) => ({
    id: r.id,
    name: r.name,
    segmentId: r.segment_id,
    segmentName: r.segment_name,
    segmentSize: r.segment_size,
    scope: r.scope,
    enabled: r.enabled,
    selectedSyncIds: r.selected,
    createdAt: r.created_at,
    syncs: coverage
      .filter((c) => c.rule_id === r.id)
      .map((c) => ({ id: c.sync_id, name: c.name, state: c.state, heldOut: c.held_out, segmentSize: sizeOf(c.segment_id) })),
  }));
}
