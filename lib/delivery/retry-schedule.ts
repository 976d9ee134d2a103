// When a failed batch is tried again: the endpoint's schedule (seconds after the 1st, 2nd, …
// failure) with ±20% jitter, so endpoints that failed together do not retry in lockstep.

const JITTER = 0.2;

/** ms until the next attempt after `failures` failed attempts, or null when the schedule is spent (dead). */
export function retryDelayMs(schedule: number[], failures: number, random: () => number = Math.random): number | null {
  if (failures < 1 || failures > schedule.length) return null;
  const base = schedule[failures - 1]! * 1000;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** Slowing down after a throttle: Retry-After when the receiver sent one, else 1 s doubling per throttle in a row, up to a minute. */
export function throttleDelayMs(retryAfterMs: number | undefined, throttlesInARow: number): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 1_000), 3_600_000);
  return Math.min(1_000 * 2 ** Math.max(0, throttlesInARow - 1), 60_000);
}

/** A holding endpoint is probed 5 s after the breaker opens, then twice as long after each failed probe, up to 5 minutes. */
export function probeDelayMs(failedProbes: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, failedProbes), 300_000);
}

/** The circuit breaker opens after this many failed attempts in a row spread over at least this long. */
export const BREAKER = { failures: 5, overMs: 10_000 };

/** Human words for a schedule: "immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about a day)". */
export function describeSchedule(schedule: number[]): string {
  const total = schedule.reduce((a, b) => a + b, 0);
  return `${schedule.map(describeSeconds).join(", ")} (${describeSpan(total)} in all)`;
}

export function describeSeconds(s: number): string {
  if (s === 0) return "immediately";
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${+(s / 3600).toFixed(1)} h`;
  return `${+(s / 86_400).toFixed(1)} d`;
}

function describeSpan(s: number): string {
  if (s >= 20 * 3600 && s <= 30 * 3600) return "about a day";
  return describeSeconds(s);
}
