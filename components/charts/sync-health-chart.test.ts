import { describe, expect, it } from "vitest";
import { fittedDomain, peopleTicks, timeDomain } from "@/components/charts/sync-health-chart";

// The sync chart's axes (issue 9, item 10): time is spaced by time, people fitted to the figures.
describe("sync chart axes", () => {
  it("fits the people axis to the figures instead of starting at 0, so drift shows", () => {
    const [lo, hi] = fittedDomain([9_940, 9_960, 10_000]);
    expect(lo).toBeGreaterThanOrEqual(9_900);
    expect(hi).toBeLessThanOrEqual(10_020);
    expect(fittedDomain([286, 286, 313, 313])).toEqual([280, 320]); // round ends, not 281…318
    expect(peopleTicks([280, 330])).toEqual([280, 290, 300, 310, 320, 330]);
    expect(peopleTicks([82, 94])).toEqual([82, 84, 86, 88, 90, 92, 94]);
    expect(fittedDomain([88, 88])).toEqual([82, 94]);
    expect(fittedDomain([0, 3])[0]).toBe(0);
  });
  it("places runs by time: 08:06, 08:20 and 08:21 are not evenly spaced, and one run sits mid-axis", () => {
    const t = (m: number) => Date.UTC(2026, 11, 1, 8, m);
    const [lo, hi] = timeDomain([t(6), t(20), t(21)]);
    const x = (v: number) => (v - lo) / (hi - lo);
    expect(x(t(20)) - x(t(6))).toBeGreaterThan(10 * (x(t(21)) - x(t(20))));
    const [a, b] = timeDomain([t(6)]);
    expect((t(6) - a) / (b - a)).toBeCloseTo(0.5);
  });
});
