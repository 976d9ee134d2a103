import { describe, expect, it } from "vitest";
import { sinceLabel, trendSentence, type TrendPoint } from "@/lib/monitoring/trend-sentence";

// Thursday 2026-12-03 12:00 UTC; the points are a week of daily runs before it.
const NOW = new Date("2026-12-03T12:00:00Z");
const day = (d: string, segment: number | null, delivered: number | null, matched: number | null = null): TrendPoint => ({
  t: new Date(`2026-${d}T09:00:00Z`),
  segment,
  delivered,
  matched,
});

describe("trendSentence", () => {
  it("segment-driven: delivered fell with the segment, named from the day the drop began", () => {
    const points = [
      day("11-27", 10_000, 9_500),
      day("11-28", 10_050, 9_520),
      day("12-01", 10_000, 9_500),
      day("12-02", 5_900, 5_890),
      day("12-03", 5_900, 5_890),
    ];
    const r = trendSentence(points, { now: NOW });
    expect(r.verdict).toBe("segment_driven");
    expect(r.sentence).toBe("Delivered fell 38% since Tuesday; the segment fell 41%: the segment changed, not the sync.");
  });

  it("sync-driven: delivered fell while the segment held steady", () => {
    const points = [day("11-30", 8_000, 7_600), day("12-01", 8_050, 7_610), day("12-02", 8_100, 4_000)];
    const r = trendSentence(points, { now: NOW });
    expect(r.verdict).toBe("sync_driven");
    expect(r.sentence).toBe(
      "Delivered fell 47% since Tuesday while the segment held steady: the sync changed, not the segment. Check its latest runs.",
    );
  });

  it("sync-driven: the segment grew and delivered did not follow", () => {
    const r = trendSentence([day("11-20", 1_000, 950), day("12-03", 1_500, 950)], { now: NOW });
    expect(r.verdict).toBe("sync_driven");
    expect(r.sentence).toContain("The segment rose 50% since Nov 20 but delivered held at 950: the sync is not following the segment.");
  });

  it("an add-only sync keeping leavers is not blamed on the sync", () => {
    const r = trendSentence([day("12-01", 1_000, 950), day("12-03", 700, 950)], { now: NOW, mode: "add_only" });
    expect(r.verdict).toBe("expected_add_only");
  });

  it("flat: nothing moved more than 2%", () => {
    const r = trendSentence([day("11-27", 10_000, 9_500), day("12-01", 10_100, 9_550), day("12-03", 10_050, 9_480)], {
      now: NOW,
      rangeLabel: "over the last 7 days",
    });
    expect(r).toEqual({
      verdict: "flat",
      sentence: "No real change over the last 7 days: delivered holds at 9,480 and the segment at 10,050.",
    });
  });

  it("flat on our side but the platform matches fewer: says so", () => {
    const r = trendSentence([day("12-01", 10_000, 9_500, 6_000), day("12-03", 10_000, 9_500, 4_200)], { now: NOW });
    expect(r.verdict).toBe("flat");
    expect(r.sentence).toContain("The platform's matched size fell 30% since Tuesday while delivered held: the platform is matching fewer");
  });

  it("too few points: none or one run says there is nothing to compare", () => {
    expect(trendSentence([], { now: NOW }).verdict).toBe("too_few_points");
    const one = trendSentence([day("12-02", 100, 90), day("12-03", 100, null)], { now: NOW });
    expect(one).toEqual({ verdict: "too_few_points", sentence: "Only one run in this range (delivered 90), so nothing to compare yet." });
  });
});

describe("sinceLabel", () => {
  it("reads a time today, yesterday, a weekday this week, or a date", () => {
    expect(sinceLabel(new Date("2026-12-03T08:30:00Z"), NOW)).toBe("since 08:30");
    expect(sinceLabel(new Date("2026-12-02T08:30:00Z"), NOW)).toBe("since yesterday");
    expect(sinceLabel(new Date("2026-11-29T08:30:00Z"), NOW)).toBe("since Sunday");
    expect(sinceLabel(new Date("2026-11-02T08:30:00Z"), NOW)).toBe("since Nov 2");
  });
});
