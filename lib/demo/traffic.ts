import type { Rng } from "@/lib/demo/random";
import { DAY, HOUR } from "@/lib/demo/time";

// When the demo store's shoppers show up, the way a store's traffic spreads: every day of the
// window, busier at the weekend and in the (mostly North American) evening, quieter overnight,
// growing over the window. No pile-up near `now`: the last two hours hold what any two
// evening hours hold, so "at least 2 hours ago" trims a sliver of a 3-day segment, not most of it.

/** Relative traffic by UTC weekday, Sunday first (a Sunday evening in the US is Monday 00:00 UTC). */
export const WEEKDAY_WEIGHT = [1.14, 1.08, 0.96, 0.95, 0.98, 0.9, 1.0] as const;

/** Relative traffic by UTC hour: peaks around 01:00 UTC (US evening), lowest around 13:00 UTC. */
export function hourWeight(hourUtc: number): number {
  return 0.3 + 0.7 * (0.5 + 0.5 * Math.cos((2 * Math.PI * (hourUtc - 1)) / 24));
}

const GROWTH = 0.3; // traffic at the end of the window vs its start: +30%, a growing store

function weight(t: number, start: number, now: number): number {
  const d = new Date(t);
  const trend = 1 - GROWTH / 2 + (GROWTH * (t - start)) / Math.max(1, now - start);
  return trend * WEEKDAY_WEIGHT[d.getUTCDay()]! * hourWeight(d.getUTCHours() + d.getUTCMinutes() / 60);
}

const MAX_WEIGHT = (1 + GROWTH / 2) * Math.max(...WEEKDAY_WEIGHT);

/** A moment in [start, now] drawn from the traffic shape (rejection sampling: ~2.5 draws). */
export function trafficTime(rng: Rng, start: number, now: number): number {
  for (let i = 0; i < 64; i++) {
    const t = start + rng() * (now - start);
    if (rng() * MAX_WEIGHT <= weight(t, start, now)) return t;
  }
  return start + rng() * (now - start);
}

/**
 * A campaign's send moment on a given day: send-time optimization picks each person's usual
 * hour, so sends follow the same daily curve as visits rather than one blast at 15:00.
 */
export function sendTime(rng: Rng, day: number): number {
  for (let i = 0; i < 64; i++) {
    const h = rng() * 24;
    if (rng() <= hourWeight(h)) return day + h * HOUR;
  }
  return day + rng() * DAY;
}

export const dayStart = (t: number) => Math.floor(t / DAY) * DAY;
