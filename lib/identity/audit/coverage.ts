import { pool } from "@/lib/db";
import { profileCounts } from "@/lib/overview/page-counts";
import { MASK, segmentIdentityCounts } from "@/lib/identity/audit/segment-identity-counts";

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

/**
 * The same figures per live segment: what a sync of that segment can expect to match. From the
 * per-segment mask counts the triggers keep (segment-identity-counts.ts), not a join of every
 * membership to its profile; the largest segments by members first.
 */
export async function segmentCoverage(limit = 20): Promise<SegmentCoverage[]> {
  const [{ rows: segments }, counts] = await Promise.all([
    pool().query<{ id: string; name: string }>("SELECT id, name FROM segments WHERE archived_at IS NULL"),
    segmentIdentityCounts(),
  ]);
  const out: SegmentCoverage[] = [];
  for (const s of segments) {
    const c: SegmentCoverage = { id: s.id, name: s.name, members: 0, withEmail: 0, withValidPhone: 0, withExternalId: 0, matchable: 0 };
    for (const [mask, n] of counts.get(s.id) ?? []) {
      if (mask & MASK.test) continue; // test profiles are not people
      c.members += n;
      if (mask & MASK.email) c.withEmail += n;
      if (mask & MASK.validPhone) c.withValidPhone += n;
      if (mask & MASK.externalId) c.withExternalId += n;
      if (mask & (MASK.sendableEmail | MASK.sendablePhone)) c.matchable += n;
    }
    if (c.members > 0) out.push(c);
  }
  // As ORDER BY members DESC LIMIT gave (ties in no particular order there; by name here).
  return out.sort((a, b) => b.members - a.members || a.name.localeCompare(b.name)).slice(0, limit);
}
