import { startIntervalLoop } from "@/lib/jobs/interval-loop";
import { logger } from "@/lib/logger";
import { foldPendingRollup } from "@/lib/segments/sql/rollup-catch-up";

// The ingest writer appends rollup maxima instead of upserting them (rollup-catch-up.ts). Every
// reader folds them in first, so results never depend on this loop; it only keeps the pending
// table small (and each reader's fold short) when nothing reads the rollup for a while. Run by
// every worker process; the fold itself takes an advisory lock, so one runs at a time.

const FOLD_EVERY_MS = 2_000;

/** Starts the loop; the returned function stops it after the fold in progress. */
export function startRollupFolding(everyMs = FOLD_EVERY_MS): () => Promise<void> {
  return startIntervalLoop(everyMs, () =>
    foldPendingRollup().catch((e) => logger.warn({ err: e }, "folding the events rollup failed; retrying shortly")),
  );
}
