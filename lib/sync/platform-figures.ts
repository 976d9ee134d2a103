import { db, pool } from "@/lib/db";
import type { PlatformFigures } from "@/lib/sync/platform-stats";

// The platform's own figures from a sync's latest snapshot (snapshot.ts writes them under
// figures.platform), for the sync page and the overdue check. Older snapshots have none.
export async function latestPlatformFigures(syncId: string): Promise<(PlatformFigures & { taken_at: Date }) | null> {
  const { rows } = await pool().query<{ platform: PlatformFigures | null; taken_at: Date }>(
    "SELECT figures->'platform' AS platform, taken_at FROM metric_snapshots WHERE sync_id = $1 ORDER BY id DESC LIMIT 1",
    [syncId],
  );
  const row = rows[0];
  return row?.platform ? { ...row.platform, taken_at: row.taken_at } : null;
}

/**
 * The last match rate the platform reported, with when, even if later snapshots have none
 * (Meta says "calculating" for a while after every change): the sync page shows this figure
 * and its age beside the platform's current state, rather than "not reported".
 */
export async function lastReportedMatch(syncId: string): Promise<{ matchRate: number; reportedSize: number | null; takenAt: Date } | null> {
  // Through Prisma: it reads TIMESTAMP(3) as the UTC it holds, whatever the server's time zone.
  const r = await db().metricSnapshot.findFirst({
    where: { syncId, matchRate: { not: null } },
    orderBy: { id: "desc" },
    select: { matchRate: true, reportedSize: true, takenAt: true },
  });
  return r ? { matchRate: r.matchRate!, reportedSize: r.reportedSize, takenAt: r.takenAt } : null;
}
