import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { db, pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { RULES_IN_SCOPE_SQL } from "@/lib/suppression/rules-in-scope";
import { dryRunSync } from "@/lib/sync/dry-run-sync";
import { enqueueSyncRun } from "@/lib/sync/enqueue-run";

// The ways a run starts besides the schedule: "Sync now" (server action), the API, and a
// segment change. One domain function each, shared by every caller.

/**
 * Sync now / POST /api/v1/syncs/{id}/runs. Returns the queued run; asking again while one is
 * queued returns the same run instead of stacking duplicates. `dryRun` plans without sending.
 */
export async function requestSyncRun(actor: Actor, syncId: string, opts: { dryRun?: boolean } = {}) {
  requireRole(actor, "editor");
  const sync = await db().sync.findUnique({ where: { id: syncId }, select: { id: true, state: true, pausedReason: true } });
  if (!sync) throw new AppError("not_found", "No such sync.");
  const trigger = actor.type === "token" ? "api" : "manual";
  if (opts.dryRun) return dryRunSync(syncId, trigger);
  if (sync.state === "paused")
    throw new AppError("conflict", `This sync is paused${sync.pausedReason ? `: ${sync.pausedReason}` : ""}. Resume it to run.`);
  const queued = await db().syncRun.findFirst({ where: { syncId, status: "queued", dryRun: false }, orderBy: { createdAt: "desc" } });
  if (queued) return queued;
  const run = await db().syncRun.create({ data: { syncId, trigger, status: "queued" } });
  await enqueueSyncRun({ syncId, runId: run.id, trigger });
  return run;
}

/**
 * For the segments side: call after a segment's membership changed. Enqueues a run of every live
 * sync fed by the segment, and of every live sync a suppression rule on it applies to (new
 * purchasers must leave promo audiences now, not at the next interval). Deduplicated per minute.
 */
export async function enqueueSyncsForSegment(segmentId: string): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT s.id FROM syncs s WHERE s.state = 'live' AND (
       s.segment_id = $1 OR s.id IN (SELECT sync_id FROM (${RULES_IN_SCOPE_SQL}) r WHERE r.segment_id = $1))`,
    [segmentId],
  );
  for (const { id } of rows) await enqueueSyncRun({ syncId: id, trigger: "segment_change" });
  return rows.map((r) => r.id);
}
