import { pool } from "@/lib/db";

// Anonymous ids written straight into profiles.anonymous_ids (the demo seeder's COPY) have no
// profile_aliases rows, so later anonymous events would not find their person. This adds the
// missing links (first person wins, as at ingest). Idempotent.
export async function backfillAliasesFromProfiles(): Promise<number> {
  const { rowCount } = await pool().query(`
    INSERT INTO profile_aliases (anonymous_id, profile_id)
    SELECT DISTINCT ON (a.anonymous_id) a.anonymous_id, p.id
      FROM profiles p CROSS JOIN LATERAL unnest(p.anonymous_ids) AS a(anonymous_id)
     WHERE cardinality(p.anonymous_ids) > 0
     ORDER BY a.anonymous_id, p.id
    ON CONFLICT (anonymous_id) DO NOTHING`);
  return rowCount ?? 0;
}
