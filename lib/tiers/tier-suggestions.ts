import { pool } from "@/lib/db";
import { TEMPLATES } from "@/lib/segments/templates";

// The playbook's intent tiers as templates (lib/segments/templates.ts: viewed < cart < checkout).
// Once a marketer has syncs for two or more of those segments to one destination, and none of
// them is a tier yet, the console offers to make them an intent tier group in template order:
// the wizard, the sync page and the Intent tiers page show the same offer, from here.

/** The tier templates, lowest intent first. */
export const TIER_TEMPLATES = TEMPLATES.filter((t) => t.key.startsWith("intent-"));

export type TierSuggestion = {
  name: string;
  destinationName: string;
  tiers: { syncId: string; syncName: string; segmentName: string; templateName: string }[];
};

/**
 * A segment counts as a tier template's when it still has the template's name or its exact
 * definition (a renamed copy is still that tier; an edited one under the same name is too).
 */
export async function tierTemplateSegments(): Promise<Map<string, { rank: number; of: number; templateName: string }>> {
  const { rows } = await pool().query<{ id: string; rank: number }>(
    `SELECT DISTINCT ON (s.id) s.id, t.rank::int AS rank
       FROM segments s
       JOIN unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS t(name, definition, rank) ON s.name = t.name OR s.definition = t.definition
      WHERE s.archived_at IS NULL
      ORDER BY s.id, t.rank`,
    [TIER_TEMPLATES.map((t) => t.name), TIER_TEMPLATES.map((t) => JSON.stringify(t.definition))],
  );
  return new Map(rows.map((r) => [r.id, { rank: r.rank, of: TIER_TEMPLATES.length, templateName: TIER_TEMPLATES[r.rank - 1]!.name }]));
}

/** Per destination: the ungrouped syncs of tier-template segments, one per tier, when there are at least two tiers. */
export async function tierSuggestions(): Promise<TierSuggestion[]> {
  const tiers = await tierTemplateSegments();
  if (tiers.size < 2) return [];
  const { rows } = await pool().query<{
    id: string;
    name: string;
    segment_id: string;
    segment_name: string;
    destination_id: string;
    destination_name: string;
  }>(
    `SELECT s.id, s.name, s.segment_id, g.name AS segment_name, s.destination_id, d.name AS destination_name
       FROM syncs s JOIN segments g ON g.id = s.segment_id JOIN destinations d ON d.id = s.destination_id
      WHERE s.segment_id = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM tier_group_members m WHERE m.sync_id = s.id)
      ORDER BY d.name, s.created_at, s.id`,
    [[...tiers.keys()]],
  );
  const byDestination = new Map<string, { destinationName: string; byRank: Map<number, (typeof rows)[number]> }>();
  for (const r of rows) {
    const rank = tiers.get(r.segment_id)!.rank;
    let d = byDestination.get(r.destination_id);
    if (!d) byDestination.set(r.destination_id, (d = { destinationName: r.destination_name, byRank: new Map() }));
    if (!d.byRank.has(rank)) d.byRank.set(rank, r); // the oldest sync of each tier
  }
  return [...byDestination.values()]
    .filter((d) => d.byRank.size >= 2)
    .map((d) => ({
      name: `Cart intent · ${d.destinationName}`,
      destinationName: d.destinationName,
      tiers: [...d.byRank.entries()]
        .sort(([a], [b]) => a - b)
        .map(([rank, r]) => ({
          syncId: r.id,
          syncName: r.name,
          segmentName: r.segment_name,
          templateName: TIER_TEMPLATES[rank - 1]!.name,
        })),
    }));
}
