import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { db } from "@/lib/db";
import { defineJob } from "@/lib/jobs/define-job";
import { logger } from "@/lib/logger";
import { refreshSegment, type RefreshResult } from "@/lib/segments/refresh/refresh-segment";
import { dependencyOrder } from "@/lib/segments/references";
import { findSegmentOrThrow, storedDefinition } from "@/lib/segments/store";

// Scheduled and on-demand refreshes. The job runs every minute and refreshes each segment
// whose own interval (default 15 minutes) has elapsed, referenced segments first so an
// "in segment X" rule sees X's fresh membership. One failing segment does not stop the rest.

export async function refreshDueSegments(now = Date.now()): Promise<{ refreshed: RefreshResult[]; failed: string[] }> {
  const rows = await db().segment.findMany({
    where: { archivedAt: null },
    select: { id: true, definition: true, lastRefreshedAt: true, refreshIntervalMinutes: true },
  });
  const due = rows.filter((s) => !s.lastRefreshedAt || s.lastRefreshedAt.getTime() + s.refreshIntervalMinutes * 60_000 <= now);
  const ordered = dependencyOrder(due.map((s) => ({ ...s, definition: storedDefinition(s.definition) })));
  const refreshed: RefreshResult[] = [];
  const failed: string[] = [];
  for (const s of ordered) {
    try {
      refreshed.push(await refreshSegment(s.id, { trigger: "schedule", now }));
    } catch (e) {
      logger.warn({ err: e, segmentId: s.id }, "scheduled segment refresh failed");
      failed.push(s.id);
    }
  }
  return { refreshed, failed };
}

/** "Refresh now" from the page or the API. */
export async function refreshSegmentNow(actor: Actor, id: string): Promise<RefreshResult> {
  requireRole(actor, "editor");
  await findSegmentOrThrow(id);
  return refreshSegment(id, { trigger: "manual" });
}

export const segmentsRefreshJob = defineJob({
  name: "segments.refresh-due",
  payload: z.object({}).passthrough(),
  cron: "* * * * *",
  handler: () => refreshDueSegments(),
});
