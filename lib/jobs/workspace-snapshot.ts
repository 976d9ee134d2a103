import { z } from "zod";
import { pool } from "@/lib/db";
import { defineJob } from "@/lib/jobs/define-job";

// Hourly workspace-level figures for the Overview trend: people, identifier coverage,
// events in the last 24 hours. Stored as a MetricSnapshot with no sync or segment.
export async function captureWorkspaceSnapshot() {
  const { rows } = await pool().query<{ profiles: string; with_email: string; with_valid_phone: string; events_24h: string }>(`
    SELECT
      (SELECT count(*) FROM profiles) AS profiles,
      (SELECT count(*) FROM profiles WHERE email IS NOT NULL) AS with_email,
      (SELECT count(*) FROM profiles WHERE phone_valid) AS with_valid_phone,
      (SELECT count(*) FROM events WHERE occurred_at > now() - interval '24 hours') AS events_24h`);
  const figures = Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
  await pool().query(`INSERT INTO metric_snapshots (segment_size, figures) VALUES ($1, $2)`, [figures.profiles, figures]);
  return figures;
}

export const workspaceSnapshotJob = defineJob({
  name: "workspace.snapshot",
  payload: z.object({}).passthrough(),
  cron: "0 * * * *",
  handler: () => captureWorkspaceSnapshot(),
});
