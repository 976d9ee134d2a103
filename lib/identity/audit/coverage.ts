import { pool } from "@/lib/db";
import { matchableSql } from "@/lib/identity/sendable";
import { inPopulationSql } from "@/lib/people/population";

const person = inPopulationSql("profiles");

// Identifier coverage over real people (QA profiles excluded, counted separately): one scan.

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
  const { rows } = await pool().query(`
    SELECT count(*) FILTER (WHERE ${person})::int AS profiles,
           count(*) FILTER (WHERE is_test)::int AS test_profiles,
           count(*) FILTER (WHERE ${person} AND external_id IS NOT NULL)::int AS with_external_id,
           count(*) FILTER (WHERE ${person} AND email IS NOT NULL)::int AS email_valid,
           count(*) FILTER (WHERE ${person} AND email IS NULL AND email_sha256 IS NOT NULL)::int AS email_prehashed,
           count(*) FILTER (WHERE ${person} AND email_raw IS NOT NULL AND email_sha256 IS NULL)::int AS email_invalid,
           count(*) FILTER (WHERE ${person} AND email_raw IS NULL)::int AS email_missing,
           count(*) FILTER (WHERE ${person} AND phone IS NOT NULL AND phone_valid)::int AS phone_valid,
           count(*) FILTER (WHERE ${person} AND phone IS NULL AND phone_sha256 IS NOT NULL)::int AS phone_prehashed,
           count(*) FILTER (WHERE ${person} AND phone_raw IS NOT NULL AND phone_sha256 IS NULL)::int AS phone_invalid,
           count(*) FILTER (WHERE ${person} AND phone_raw IS NULL)::int AS phone_missing,
           count(*) FILTER (WHERE ${person} AND ${matchableSql("profiles")})::int AS matchable
      FROM profiles`);
  const r = rows[0];
  return {
    profiles: r.profiles,
    testProfiles: r.test_profiles,
    withExternalId: r.with_external_id,
    email: { valid: r.email_valid, prehashed: r.email_prehashed, invalid: r.email_invalid, missing: r.email_missing },
    phone: { valid: r.phone_valid, prehashed: r.phone_prehashed, invalid: r.phone_invalid, missing: r.phone_missing },
    matchable: r.matchable,
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
