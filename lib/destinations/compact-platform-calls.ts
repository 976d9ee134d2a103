import { z } from "zod";
import { pool } from "@/lib/db";
import { defineJob } from "@/lib/jobs/define-job";

// The request inspector's retention: calls older than 7 days go, except each destination's last
// 100, which stay whatever their age (a destination that syncs weekly still shows its last run).

export const PLATFORM_CALL_RETENTION_DAYS = 7;
export const PLATFORM_CALLS_KEPT = 100;

export async function compactPlatformCalls(
  retentionDays = PLATFORM_CALL_RETENTION_DAYS,
  keep = PLATFORM_CALLS_KEPT,
): Promise<{ deleted: number }> {
  const res = await pool().query(
    `DELETE FROM platform_calls p
      WHERE p.at < now() - make_interval(days => $1::int)
        AND p.id < COALESCE((SELECT k.id FROM platform_calls k WHERE k.destination_id = p.destination_id
                              ORDER BY k.id DESC OFFSET $2::int - 1 LIMIT 1), 0)`,
    [Math.max(1, Math.floor(retentionDays)), Math.max(1, Math.floor(keep))],
  );
  return { deleted: res.rowCount ?? 0 };
}

export const compactPlatformCallsJob = defineJob({
  name: "platform-calls.compact",
  payload: z.object({}).passthrough(),
  cron: "41 * * * *",
  handler: () => compactPlatformCalls(),
});
