import { z } from "zod";
import { pool } from "@/lib/db";
import type { Coverage } from "@/lib/identity/audit/coverage";
import { defineJob } from "@/lib/jobs/define-job";

// The coverage trend: one reading per UTC day in identity_snapshots (written whenever the audit
// runs, and daily by the job below), filled in from the hourly workspace MetricSnapshots for
// days the audit never ran, so the chart has history from the start.

export type TrendPoint = { day: string; profiles: number; withEmail: number; withValidPhone: number; withExternalId: number | null };

export async function recordSnapshot(c: Coverage): Promise<void> {
  await pool().query(
    `INSERT INTO identity_snapshots (taken_on, profiles, with_external_id, with_email, with_valid_phone, figures)
     VALUES (date_trunc('day', now() AT TIME ZONE 'UTC'), $1, $2, $3, $4, $5)
     ON CONFLICT (taken_on) DO UPDATE SET profiles = EXCLUDED.profiles, with_external_id = EXCLUDED.with_external_id,
       with_email = EXCLUDED.with_email, with_valid_phone = EXCLUDED.with_valid_phone, figures = EXCLUDED.figures`,
    [
      c.profiles,
      c.withExternalId,
      c.email.valid,
      c.phone.valid,
      JSON.stringify({ email: c.email, phone: c.phone, matchable: c.matchable }),
    ],
  );
}

export async function coverageTrend(days = 90): Promise<TrendPoint[]> {
  const { rows } = await pool().query(
    `
    WITH ours AS (
      SELECT to_char(taken_on, 'YYYY-MM-DD') AS day, profiles, with_email, with_valid_phone, with_external_id
        FROM identity_snapshots WHERE taken_on > now() - make_interval(days => $1)
    ),
    workspace AS (
      SELECT DISTINCT ON (1) to_char(taken_at, 'YYYY-MM-DD') AS day,
             (figures->>'profiles')::int AS profiles, (figures->>'with_email')::int AS with_email,
             (figures->>'with_valid_phone')::int AS with_valid_phone, NULL::int AS with_external_id
        FROM metric_snapshots
       WHERE sync_id IS NULL AND segment_id IS NULL AND taken_at > now() - make_interval(days => $1) AND figures ? 'with_email'
       ORDER BY 1, taken_at DESC
    )
    SELECT * FROM ours
    UNION ALL SELECT * FROM workspace w WHERE NOT EXISTS (SELECT 1 FROM ours o WHERE o.day = w.day)
    ORDER BY day`,
    [days],
  );
  return rows.map((r) => ({
    day: r.day,
    profiles: r.profiles,
    withEmail: r.with_email,
    withValidPhone: r.with_valid_phone,
    withExternalId: r.with_external_id,
  }));
}

/** Daily reading even when nobody opens the audit. Register in lib/jobs/registry.ts. */
export const identitySnapshotJob = defineJob({
  name: "identity.snapshot",
  payload: z.object({}).passthrough(),
  cron: "15 0 * * *",
  handler: async () => {
    const { coverage } = await import("@/lib/identity/audit/coverage");
    await recordSnapshot(await coverage());
  },
});
