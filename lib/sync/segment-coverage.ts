import { pool } from "@/lib/db";
import { sendableEmailSql, sendablePhoneSql } from "@/lib/identity/sendable";

// The identity audit behind the wizard's match-rate expectation: for each segment, how many
// members carry each combination of identifiers, counted exactly as a sync would send them
// (hashed email; a phone only when ingest could parse it, plan-sql.ts). One grouped scan, so the
// wizard can show the ceiling for any identifier choice without asking the server again.

/** Members per identifier combination: bit 1 email, 2 phone, 4 external id (0 = none). */
export type SegmentCoverage = { size: number; combos: Record<number, number> };

export async function segmentCoverage(segmentIds: string[]): Promise<Record<string, SegmentCoverage>> {
  if (!segmentIds.length) return {};
  const { rows } = await pool().query<{ segment_id: string; mask: number; n: number }>(
    `SELECT m.segment_id,
       (CASE WHEN ${sendableEmailSql("p")} THEN 1 ELSE 0 END
      + CASE WHEN ${sendablePhoneSql("p")} THEN 2 ELSE 0 END
      + CASE WHEN p.external_id IS NOT NULL THEN 4 ELSE 0 END) AS mask,
       count(*)::int AS n
     FROM segment_memberships m JOIN profiles p ON p.id = m.profile_id
     WHERE m.segment_id = ANY($1::text[]) GROUP BY 1, 2`,
    [segmentIds],
  );
  const out: Record<string, SegmentCoverage> = {};
  for (const r of rows) {
    const c = (out[r.segment_id] ??= { size: 0, combos: {} });
    c.size += r.n;
    c.combos[r.mask] = (c.combos[r.mask] ?? 0) + r.n;
  }
  return out;
}
