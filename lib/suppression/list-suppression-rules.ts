import { pool } from "@/lib/db";
import { RULES_IN_SCOPE_SQL } from "@/lib/suppression/rules-in-scope";

// The Suppression page's proof of coverage: for each rule, every sync it applies to and how many
// of that sync's segment members it is holding out right now (live counts over memberships, from
// the same in-scope SQL the engine plans with).

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
    pool().query(
      `SELECT x.rule_id, s.id AS sync_id, s.name, s.state,
         (SELECT count(*)::int FROM segment_memberships m WHERE m.segment_id = s.segment_id) AS segment_size,
         (SELECT count(*)::int FROM segment_memberships m JOIN segment_memberships h ON h.profile_id = m.profile_id AND h.segment_id = x.segment_id
          WHERE m.segment_id = s.segment_id) AS held_out
       FROM (${RULES_IN_SCOPE_SQL}) x JOIN syncs s ON s.id = x.sync_id ORDER BY s.name`,
    ),
  ]);
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
      .map((c) => ({ id: c.sync_id, name: c.name, state: c.state, heldOut: c.held_out, segmentSize: c.segment_size })),
  }));
}
