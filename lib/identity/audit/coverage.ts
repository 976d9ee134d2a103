import { pool } from "@/lib/db";
import { profileCounts } from "@/lib/overview/page-counts";
import { matchableSql } from "@/lib/identity/sendable";
import { inPopulationSql } from "@/lib/people/population";

// Identifier coverage over real people (QA profiles excluded, counted separately), from the profile
// counters kept by triggers (lib/overview/page-counts.ts; conditions in migration 20261201195000).

export type Coverage = {
  profiles: number;
  testProfiles: number;
  withExternalId: number;
  email: { valid: number; prehashed: number; invalid: number; missing: number };
  phone: { valid: number; prehashed: number; invalid: number; missing: number };
  /** Has at least one identifier an ad platform can match on (valid or pre-hashed email or phone). */
  matchable: number;
};

export async function coverage(): Promise<Coverage> {
  const n = await profileCounts();
  return {
    profiles: n("people"),
    testProfiles: n("test"),
    withExternalId: n("external_id"),
    email: { valid: n("email_valid"), prehashed: n("email_prehashed"), invalid: n("email_invalid"), missing: n("email_missing") },
    phone: { valid: n("phone_valid"), prehashed: n("phone_prehashed"), invalid: n("phone_invalid"), missing: n("phone_missing") },
    matchable: n("matchable"),
  };
}

export type SegmentCoverage = {
  id: string;
  name: string;
  members: number;
  withEmail: number;
  withValidPhone: number;
  withExternalId: number;
  matchable: number;
};

/** The same figures per live segment: what a sync of that segment can expect to match. */
export async function segmentCoverage(limit = 20): Promise<SegmentCoverage[]> {
  const { rows } = await pool().query(
    `
    SELECT s.id, s.name, count(*)::int AS members,
           count(*) FILTER (WHERE p.email IS NOT NULL)::int AS with_email,
           count(*) FILTER (WHERE p.phone_valid AND p.phone IS NOT NULL)::int AS with_valid_phone,
           count(*) FILTER (WHERE p.external_id IS NOT NULL)::int AS with_external_id,
           count(*) FILTER (WHERE ${matchableSql("p")})::int AS matchable
      FROM segments s JOIN segment_memberships m ON m.segment_id = s.id JOIN profiles p ON p.id = m.profile_id
     WHERE s.archived_at IS NULL AND ${inPopulationSql("p")}
     GROUP BY s.id, s.name ORDER BY members DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    members: r.members,
    withEmail: r.with_email,
    withValidPhone: r.with_valid_phone,
    withExternalId: r.with_external_id,
    matchable: r.matchable,
  }));
}
