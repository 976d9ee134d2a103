import { z } from "zod";
import { pool } from "@/lib/db";
import { defineJob } from "@/lib/jobs/define-job";

// Members per segment and identifier mask, kept by triggers as memberships and profiles are
// written (migration 20261201220000_segment_identity_counts), so the identity audit and the
// launch checklist read a few rows instead of joining every membership to its profile. Exact at
// all times: a delta commits with the rows it counts.

/** Mask bits (segment_identity_mask in the migration). */
export const MASK = { sendableEmail: 1, sendablePhone: 2, externalId: 4, email: 8, validPhone: 16, test: 32 } as const;

/** Members of each segment by mask; segments with no members are absent. */
export async function segmentIdentityCounts(segmentIds?: string[]): Promise<Map<string, Map<number, number>>> {
  const { rows } = await pool().query<{ segment_id: string; mask: number; n: string }>(
    `SELECT segment_id, mask, sum(n) AS n FROM segment_identity_counts
      WHERE $1::text[] IS NULL OR segment_id = ANY($1::text[])
      GROUP BY 1, 2 HAVING sum(n) <> 0`,
    [segmentIds ?? null],
  );
  const out = new Map<string, Map<number, number>>();
  for (const r of rows) {
    let m = out.get(r.segment_id);
    if (!m) out.set(r.segment_id, (m = new Map()));
    m.set(r.mask, Number(r.n));
  }
  return out;
}

/**
 * Folds the deltas into one row per (segment, mask). Rows committed after this statement's snapshot
 * are neither deleted nor summed, so concurrent writers lose nothing; a second compaction at the
 * same time skips the rows the first deleted.
 */
export async function compactSegmentIdentityCounts(): Promise<number> {
  const { rowCount } = await pool().query(`
    WITH gone AS (DELETE FROM segment_identity_counts RETURNING segment_id, mask, n)
    INSERT INTO segment_identity_counts (segment_id, mask, n)
    SELECT segment_id, mask, sum(n) FROM gone GROUP BY 1, 2 HAVING sum(n) <> 0`);
  return rowCount ?? 0;
}

export const compactSegmentIdentityCountsJob = defineJob({
  name: "identity.compact-segment-counts",
  payload: z.object({}).passthrough(),
  cron: "* * * * *",
  handler: () => compactSegmentIdentityCounts(),
});
