// Bounded concurrency per destination: every run in this process that talks to the same
// destination shares its slots, so two syncs to one webhook cannot double its load. (Across
// worker processes the per-run bound still applies; platforms' own 429s pace the rest.)

type Slots = { free: number; waiting: (() => void)[] };
const byDestination = new Map<string, Slots>();

export async function acquireSlot(destinationId: string, limit: number): Promise<() => void> {
  let s = byDestination.get(destinationId);
  if (!s) {
    s = { free: limit, waiting: [] };
    byDestination.set(destinationId, s);
  }
  const slots = s;
  if (slots.free > 0) slots.free--;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  };
}
