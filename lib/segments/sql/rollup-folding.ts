import { startIntervalLoop } from "@/lib/jobs/interval-loop";
import { logger } from "@/lib/logger";
import { foldEventRollup } from "@/lib/segments/sql/rollup-catch-up";

// The events rollup is folded in from the events (rollup-catch-up.ts). Every reader folds first,
// so results never depend on this loop; it only keeps each reader's fold short when nothing reads
// the rollup for a while. Run by every worker process; the fold takes an advisory lock, so one
// runs at a time.

// Each fold upserts one row per (person, event name) seen since the last, so folding rarely lets
// repeats collapse: under the ingest bench's load, folding every 2 s took 8.4 s of backend time
// per 30 s, every 10 s about 2-3 s. Readers never wait for this loop (they fold first), and the
// near-real-time pass already does so every SEGMENTS_REALTIME_SECONDS (10 by default) while
// events arrive, so a reader folds at most ~10 s of events.
const FOLD_EVERY_MS = 10_000;

/** Starts the loop; the returned function stops it after the fold in progress. */
export function startRollupFolding(everyMs = FOLD_EVERY_MS): () => Promise<void> {
  return startIntervalLoop(everyMs, () =>
    foldEventRollup().catch((e) => logger.warn({ err: e }, "folding the events rollup failed; retrying shortly")),
  );
}
