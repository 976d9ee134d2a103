import jstat from "jstat";
import { z } from "zod";

const { jStat } = jstat;

// The statistics of a lift report, on per-group aggregates Postgres computed (lift-sql.ts):
// nothing here reads rows. Methods, named on screen too (LIFT_METHODS):
//   rates    Wilson score interval per group; the difference by Newcombe's hybrid score
//            method (his method 10, 1998), which keeps its coverage at small counts and rates
//            near 0 where the plain normal interval does not; the relative lift by the log
//            risk-ratio (Katz) interval
//   revenue  Welch's t interval for the difference of per-person means (unequal variances,
//            Welch–Satterthwaite degrees of freedom), on the sum and sum of squares per group
//   power    people the holdout needs so a two-sided 5% test detects a 10% relative lift in
//            conversion with 80% power, at the measured baseline and the sync's group ratio

export const CONFIDENCE = 0.95;
export const DETECTABLE_LIFT = 0.1;
const POWER = 0.8;
/** Below this the report says nothing but "inconclusive", whatever the interval: a handful of people is anecdote. */
export const MIN_GROUP = 100;

export const LIFT_METHODS =
  "95% intervals: Wilson score per group and Newcombe's method for the difference in conversion and repeat rates; " +
  "Welch's t-interval for the difference in revenue per person. The power hint assumes a two-sided 5% test with 80% power.";

export const groupAggregates = z.object({
  /** People in the group whose measurement window has ended. */
  people: z.number().int().nonnegative(),
  /** People with at least one conversion event in their window. */
  converted: z.number().int().nonnegative(),
  /** People with two or more conversion events in their window (repeat purchase). */
  repeated: z.number().int().nonnegative(),
  /** Sum over people of the revenue in their window, and of its square (for the variance). */
  revenue: z.number(),
  revenueSquares: z.number().nonnegative(),
});
export type GroupAggregates = z.infer<typeof groupAggregates>;

export type Interval = { low: number; high: number };
export type RateFigures = {
  treated: { rate: number | null; interval: Interval | null };
  control: { rate: number | null; interval: Interval | null };
  /** treated − control, in rate units (0.02 = two percentage points). */
  absolute: { value: number; interval: Interval } | null;
  /** (treated − control) ÷ control. */
  relative: { value: number; interval: Interval | null } | null;
};
export type RevenueFigures = {
  treated: number | null;
  control: number | null;
  absolute: { value: number; interval: Interval } | null;
  relative: number | null;
};

export type Verdict = "lift" | "negative" | "no_lift_detected" | "inconclusive";

export type LiftStatistics = {
  conversion: RateFigures;
  repeat: RateFigures;
  revenue: RevenueFigures;
  /** Conversions and revenue the treatment added among treated people: the absolute lift × treated people. */
  incremental: { conversions: { value: number; interval: Interval } | null; revenue: { value: number; interval: Interval } | null };
  power: { holdoutNeeded: number | null; detectableLift: number };
  verdict: Verdict;
  sentence: string;
};

const z975 = jStat.normal.inv(1 - (1 - CONFIDENCE) / 2, 0, 1);

/** Wilson score interval for x successes of n. */
export function wilson(x: number, n: number, z = z975): Interval | null {
  if (n <= 0) return null;
  const p = x / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Newcombe's hybrid score interval for p1 − p2 (method 10). */
export function newcombe(x1: number, n1: number, x2: number, n2: number): Interval | null {
  const a = wilson(x1, n1);
  const b = wilson(x2, n2);
  if (!a || !b) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  return {
    low: d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
    high: d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2),
  };
}

/** Log risk-ratio (Katz) interval for p1 ÷ p2, returned as the relative lift (ratio − 1). */
function relativeInterval(x1: number, n1: number, x2: number, n2: number): Interval | null {
  if (x1 === 0 || x2 === 0) return null;
  const rr = x1 / n1 / (x2 / n2);
  const se = Math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
  return { low: rr * Math.exp(-z975 * se) - 1, high: rr * Math.exp(z975 * se) - 1 };
}

function rates(x1: number, n1: number, x2: number, n2: number): RateFigures {
  const absolute = newcombe(x1, n1, x2, n2);
  const p1 = n1 > 0 ? x1 / n1 : null;
  const p2 = n2 > 0 ? x2 / n2 : null;
  return {
    treated: { rate: p1, interval: wilson(x1, n1) },
    control: { rate: p2, interval: wilson(x2, n2) },
    absolute: absolute && p1 !== null && p2 !== null ? { value: p1 - p2, interval: absolute } : null,
    relative: p1 !== null && p2 ? { value: (p1 - p2) / p2, interval: relativeInterval(x1, n1, x2, n2) } : null,
  };
}

function meanAndVariance(g: GroupAggregates) {
  const mean = g.revenue / g.people;
  const variance = g.people > 1 ? Math.max(0, (g.revenueSquares - g.people * mean * mean) / (g.people - 1)) : 0;
  return { mean, variance };
}

/** Welch's t interval for the difference of the groups' mean revenue per person. */
export function welch(t: GroupAggregates, c: GroupAggregates): { value: number; interval: Interval } | null {
  if (t.people < 2 || c.people < 2) return null;
  const a = meanAndVariance(t);
  const b = meanAndVariance(c);
  const va = a.variance / t.people;
  const vb = b.variance / c.people;
  const se = Math.sqrt(va + vb);
  const value = a.mean - b.mean;
  if (se === 0) return { value, interval: { low: value, high: value } };
  const df = (va + vb) ** 2 / (va ** 2 / (t.people - 1) + vb ** 2 / (c.people - 1));
  const q = jStat.studentt.inv(1 - (1 - CONFIDENCE) / 2, df);
  return { value, interval: { low: value - q * se, high: value + q * se } };
}

/**
 * Holdout size that detects a `lift` relative rise over `baseline` with 80% power (two-sided 5%),
 * when the treated group is `ratio` times the holdout: var(diff) = pT(1−pT)/(ratio·n) + pC(1−pC)/n.
 */
export function holdoutNeeded(baseline: number, ratio: number, lift = DETECTABLE_LIFT): number | null {
  if (!(baseline > 0) || baseline * (1 + lift) >= 1 || !(ratio > 0)) return null;
  const pT = baseline * (1 + lift);
  const delta = pT - baseline;
  const zb = jStat.normal.inv(POWER, 0, 1);
  return Math.ceil(((z975 + zb) ** 2 * ((pT * (1 - pT)) / ratio + baseline * (1 - baseline))) / delta ** 2);
}

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const points = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)} points`;
const count = (n: number) => Math.round(n).toLocaleString("en-US");

export function liftStatistics(treated: GroupAggregates, control: GroupAggregates): LiftStatistics {
  const conversion = rates(treated.converted, treated.people, control.converted, control.people);
  const repeat = rates(treated.repeated, treated.people, control.repeated, control.people);
  const revenueDiff = welch(treated, control);
  const meanT = treated.people > 0 ? treated.revenue / treated.people : null;
  const meanC = control.people > 0 ? control.revenue / control.people : null;
  const revenue: RevenueFigures = {
    treated: meanT,
    control: meanC,
    absolute: revenueDiff,
    relative: revenueDiff && meanC ? revenueDiff.value / meanC : null,
  };
  const scale = (f: { value: number; interval: Interval } | null) =>
    f && { value: f.value * treated.people, interval: { low: f.interval.low * treated.people, high: f.interval.high * treated.people } };
  const baseline = conversion.control.rate ?? 0;
  const ratio = control.people > 0 ? treated.people / control.people : 0;
  const needed = holdoutNeeded(baseline > 0 ? baseline : (conversion.treated.rate ?? 0), ratio > 0 ? ratio : 1);
  const { verdict, sentence } = judge(conversion, treated, control, needed);
  return {
    conversion,
    repeat,
    revenue,
    incremental: { conversions: scale(conversion.absolute), revenue: scale(revenueDiff) },
    power: { holdoutNeeded: needed, detectableLift: DETECTABLE_LIFT },
    verdict,
    sentence,
  };
}

/** The verdict in words a growth lead can act on, never claiming more than the interval says. */
function judge(
  conversion: RateFigures,
  treated: GroupAggregates,
  control: GroupAggregates,
  needed: number | null,
): { verdict: Verdict; sentence: string } {
  const need = needed ? `; about ${count(needed)} are needed to detect a 10% lift` : "";
  if (control.people < MIN_GROUP || treated.people < MIN_GROUP || !conversion.absolute) {
    return {
      verdict: "inconclusive",
      sentence: `Inconclusive: the holdout has ${count(control.people)} ${control.people === 1 ? "person" : "people"} with a complete window${need}.`,
    };
  }
  if (treated.converted + control.converted === 0) {
    return { verdict: "inconclusive", sentence: "Inconclusive: nobody in either group converted in the window yet." };
  }
  const { value, interval } = conversion.absolute;
  const range = `(95% interval ${points(interval.low)} to ${points(interval.high)})`;
  const rates = `${pct(conversion.treated.rate!)} of people who got the audience converted against ${pct(conversion.control.rate!)} held out`;
  if (interval.low > 0) return { verdict: "lift", sentence: `The sync is adding conversions: ${rates}, ${points(value)} ${range}.` };
  if (interval.high < 0)
    return { verdict: "negative", sentence: `People who got the audience converted less: ${rates}, ${points(value)} ${range}.` };
  if (needed && control.people < needed)
    return {
      verdict: "inconclusive",
      sentence: `Inconclusive: ${rates}, but the holdout has ${count(control.people)} people${need}.`,
    };
  return {
    verdict: "no_lift_detected",
    sentence: `No lift detected: ${rates} ${range}; the holdout is large enough to show a 10% lift, and none shows.`,
  };
}
