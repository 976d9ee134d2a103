import { startIntervalLoop } from "@/lib/jobs/interval-loop";
import { logger } from "@/lib/logger";
import { foldEventRollup } from "@/lib/segments/sql/rollup-catch-up";

// The events rollup is folded in from the events (rollup-catch-up.ts). Every reader folds first,
// so results never depend on this loop; it only keeps each reader's fold short when nothing reads
// the rollup for a while. Run by every worker process; the fold takes an advisory lock, so one
// runs at a time.

const FOLD_EVERY_MS = 2_000;

/** Starts the loop; the returned function stops it after the fold in progress. */
export function startRollupFolding(everyMs = FOLD_EVERY_MS): () => Promise<void> {
  return startIntervalLoop(everyMs, () =>
    foldEventRollup().catch((e) => logger.warn({ err: e }, "folding the events rollup failed; retrying shortly")),
  );
}
