import parser from "cron-parser";
import { inTransaction, pool } from "@/lib/db";
import { logger } from "@/lib/logger";
import { enqueueSyncRun } from "@/lib/sync/enqueue-run";
import { failAbandonedRuns } from "@/lib/sync/run-records";
import { tryLockSync } from "@/lib/sync/run-lock";

// The scheduler (a cron job every minute, on whichever worker pg-boss hands it to): claims the
// live syncs that are due, moves their next_run_at forward in the same transaction (FOR UPDATE
// SKIP LOCKED, so two schedulers never claim the same sync), then enqueues their runs.

/** Next run: the cron expression's next occurrence (UTC), else now + the interval. */
export function nextRunAt(sync: { scheduleCron: string | null; intervalMinutes: number }, from = new Date()): Date {
  if (sync.scheduleCron) {
    try {
      return parser.parseExpression(sync.scheduleCron, { currentDate: from, tz: "UTC" }).next().toDate();
    } catch {
      // Validated on save; an unparseable one falls back to the interval rather than never running.
    }
  }
  return new Date(from.getTime() + Math.max(1, sync.intervalMinutes) * 60_000);
}

export function isValidCron(expr: string): boolean {
  try {
    parser.parseExpression(expr, { tz: "UTC" });
    return expr.trim().split(/\s+/).length === 5;
  } catch {
    return false;
  }
}

export async function scheduleDueSyncs(now = new Date()) {
  const due = await inTransaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; schedule_cron: string | null; interval_minutes: number }>(
      `SELECT id, schedule_cron, interval_minutes FROM syncs
       WHERE state = 'live' AND (next_run_at IS NULL OR next_run_at <= $1) FOR UPDATE SKIP LOCKED`,
      [now],
    );
    for (const s of rows) {
      await tx.query("UPDATE syncs SET next_run_at = $2 WHERE id = $1", [
        s.id,
        nextRunAt({ scheduleCron: s.schedule_cron, intervalMinutes: s.interval_minutes }, now),
      ]);
    }
    return rows.map((r) => r.id);
  });
  for (const syncId of due) await enqueueSyncRun({ syncId, trigger: "schedule" });
  const swept = await sweepAbandonedRuns();
  if (due.length || swept) logger.info({ enqueued: due.length, swept }, "sync scheduler");
  return { enqueued: due, swept };
}

/** Runs still "running" whose sync nobody holds the lock for: their worker died. Say so promptly. */
async function sweepAbandonedRuns() {
  const { rows } = await pool().query<{ sync_id: string }>(
    "SELECT DISTINCT sync_id FROM sync_runs WHERE status = 'running' AND started_at < now() - interval '1 minute'",
  );
  let swept = 0;
  for (const { sync_id } of rows) {
    // Holding the lock while marking them: a run starting meanwhile cannot be mistaken for one.
    const lock = await tryLockSync(sync_id);
    if (!lock) continue;
    try {
      swept += await failAbandonedRuns(sync_id);
    } finally {
      await lock.release();
    }
  }
  return swept;
}
