// A worker's background loop: wait the interval, run one tick, repeat; never two ticks at once
// (the next wait starts when a tick ends). Stopping wakes the wait and resolves after the tick in
// progress, so a worker shuts down without cutting a pass in half.

/** Starts the loop; the returned function stops it after the tick in progress. */
export function startIntervalLoop(everyMs: number, tick: () => Promise<unknown>): () => Promise<void> {
  let running = true;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  const finished = (async () => {
    while (running) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, everyMs);
      });
      if (!running) break;
      await tick();
    }
  })();
  return async () => {
    running = false;
    if (timer) clearTimeout(timer);
    (wake as (() => void) | null)?.();
    await finished;
  };
}
