import { z } from "zod";
import { pool } from "@/lib/db";
import { defineJob } from "@/lib/jobs/define-job";

// Keeps the ledger small as it grows: delivered outbox rows are already gone (deleted with their
// batch's success); finished batches, their attempts and the per-minute counts are dropped after
// the retention window. Dead and pending batches, and everything they reference, are kept.

export const LEDGER_RETENTION_DAYS = 7;

export async function compactLedger(retentionDays = LEDGER_RETENTION_DAYS) {
  const cutoff = `now() - make_interval(days => ${Math.max(1, Math.floor(retentionDays))})`;
  const batches = await pool().query(
    `DELETE FROM delivery_batches b WHERE b.state IN ('delivered', 'split') AND b.finished_at < ${cutoff}
        AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.batch_id = b.id)`,
  );
  const attempts = await pool().query(
    `DELETE FROM delivery_attempts a WHERE a.started_at < ${cutoff}
        AND NOT EXISTS (SELECT 1 FROM delivery_batches b WHERE b.id = a.batch_id AND b.state IN ('pending', 'dead'))`,
  );
  const minutes = await pool().query(`DELETE FROM delivery_minutes WHERE minute < now() - interval '30 days'`);
  return { batches: batches.rowCount ?? 0, attempts: attempts.rowCount ?? 0, minutes: minutes.rowCount ?? 0 };
}

export const compactLedgerJob = defineJob({
  name: "delivery.compact",
  payload: z.object({}).passthrough(),
  cron: "17 * * * *",
  handler: () => compactLedger(),
});
