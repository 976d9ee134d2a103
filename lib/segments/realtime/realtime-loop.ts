import { startIntervalLoop } from "@/lib/jobs/interval-loop";
import { logger } from "@/lib/logger";
import { runRealtimePass, type RealtimePass } from "@/lib/segments/realtime/realtime-pass";
import { realtimeSeconds } from "@/lib/segments/realtime/realtime-settings";

// The near-real-time pass on a timer, run by every worker process (lib/jobs/worker.ts; the
// pass itself runs in one of them at a time). The interval debounces: events arriving within
// it are evaluated together, one refresh per affected segment instead of one per event. It is
// the main part of an event's wait for its audiences (README "Near-real-time audiences"):
// 10 s by default, SEGMENTS_REALTIME_SECONDS to change it, 0 to turn the pass off (segments
// then follow their scheduled refresh alone).

/** Starts the loop; the returned function stops it after the pass in progress. */
export function startRealtimeSegments(o: { intervalMs?: number; onPass?: (pass: RealtimePass) => void } = {}): () => Promise<void> {
  const intervalMs = o.intervalMs ?? realtimeSeconds() * 1000;
  if (intervalMs <= 0) return async () => {};
  return startIntervalLoop(intervalMs, async () => {
    try {
      const pass = await runRealtimePass();
      if (pass?.refreshed.length) {
        logger.info(
          { events: pass.events, segments: pass.refreshed.length, failed: pass.failed.length, ms: pass.ms },
          "near-real-time segment pass",
        );
      }
      if (pass) o.onPass?.(pass);
    } catch (e) {
      logger.warn({ err: e }, "near-real-time segment pass failed; retrying at the next interval");
    }
  });
}
