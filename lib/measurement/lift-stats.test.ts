import { describe, expect, it } from "vitest";
import { holdoutNeeded, liftStatistics, newcombe, welch, wilson } from "@/lib/measurement/lift-stats";

// The interval methods against published worked examples (Newcombe 1998, Statistics in Medicine
// 17: 857-872, tables I and II), and the verdict's wording at the edges.

describe("lift statistics", () => {
  it("matches Newcombe's worked examples for the Wilson and hybrid score intervals", () => {
    const w = wilson(81, 263)!;
    expect([w.low, w.high].map((x) => x.toFixed(4))).toEqual(["0.2553", "0.3662"]);
    const d = newcombe(56, 70, 48, 80)!;
    expect([d.low, d.high].map((x) => x.toFixed(4))).toEqual(["0.0524", "0.3339"]);
    expect(wilson(0, 0)).toBeNull();
  });

  it("gives Welch's interval from sums and sums of squares", () => {
    // Values 1..4 (mean 2.5, variance 5/3) against 0,0,0,0: t(3 df) = 3.182, se = sqrt(5/12).
    const t = { people: 4, converted: 4, repeated: 0, revenue: 10, revenueSquares: 30 };
    const c = { people: 4, converted: 0, repeated: 0, revenue: 0, revenueSquares: 0 };
    const r = welch(t, c)!;
    expect(r.value).toBe(2.5);
    expect(r.interval.high - 2.5).toBeCloseTo(3.1824 * Math.sqrt(5 / 12), 3);
  });

  it("sizes the holdout for a 10% lift with the textbook two-proportion formula", () => {
    // 10% → 11%, equal groups: (1.96 + 0.8416)² × (0.11·0.89 + 0.1·0.9) ÷ 0.01² per group.
    expect(holdoutNeeded(0.1, 1)).toBe(Math.ceil((7.8489 * (0.11 * 0.89 + 0.1 * 0.9)) / 0.0001));
    // A much larger treated group needs a smaller holdout, never below the single-group bound.
    expect(holdoutNeeded(0.1, 20)!).toBeLessThan(holdoutNeeded(0.1, 1)!);
    expect(holdoutNeeded(0, 1)).toBeNull();
  });

  it("claims a lift only when the whole interval is above zero, and names both rates", () => {
    const g = (people: number, converted: number) => ({
      people,
      converted,
      repeated: 0,
      revenue: converted * 50,
      revenueSquares: converted * 2500,
    });
    const clear = liftStatistics(g(20_000, 2_400), g(20_000, 2_000));
    expect(clear.verdict).toBe("lift");
    expect(clear.sentence).toMatch(
      /^The sync is adding conversions: 12\.0% of people who got the audience converted against 10\.0% held out, \+2\.0 points \(95% interval \+1\.\d points to \+2\.\d points\)\.$/,
    );
    expect(clear.incremental.conversions!.value).toBeCloseTo(400, 6);
    const flat = liftStatistics(g(40_000, 4_000), g(40_000, 4_010));
    expect(flat.verdict).toBe("no_lift_detected");
    const small = liftStatistics(g(20_000, 2_400), g(500, 50));
    expect(small.verdict).toBe("inconclusive");
    expect(small.sentence).toMatch(/the holdout has 500 people; about [\d,]+ are needed to detect a 10% lift\.$/);
  });
});
