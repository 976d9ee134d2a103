import { MASK, segmentIdentityCounts } from "@/lib/identity/audit/segment-identity-counts";

// The identity audit behind the wizard's match-rate expectation: for each segment, how many
// members carry each combination of identifiers, counted exactly as a sync would send them
// (hashed email; a phone only when ingest could parse it, plan-sql.ts; lib/identity/sendable.ts).
// From the per-segment mask counts the triggers keep (migration 20261201220000), so the wizard and
// the launch checklist read a few rows, not every member's profile.

/** Members per identifier combination: bit 1 email, 2 phone, 4 external id (0 = none). */
export type SegmentCoverage = { size: number; combos: Record<number, number> };

const SEND_BITS = MASK.sendableEmail | MASK.sendablePhone | MASK.externalId;

export async function segmentCoverage(segmentIds: string[]): Promise<Record<string, SegmentCoverage>> {
  if (!segmentIds.length) return {};
  const counts = await segmentIdentityCounts(segmentIds);
  const out: Record<string, SegmentCoverage> = {};
  for (const [segmentId, byMask] of counts) {
    const c = (out[segmentId] = { size: 0, combos: {} as Record<number, number> });
    for (const [mask, n] of byMask) {
      c.size += n;
      c.combos[mask & SEND_BITS] = (c.combos[mask & SEND_BITS] ?? 0) + n;
    }
  }
  return out;
}
