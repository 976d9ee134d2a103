import { pool } from "@/lib/db";
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
