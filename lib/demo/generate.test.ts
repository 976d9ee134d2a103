import { describe, expect, it } from "vitest";
import { generateDemo, generatePerson, testProfileCount } from "@/lib/demo/generate";
import { isoTimestamp } from "@/lib/demo/time";

// The pure generator: determinism and per-person independence (what lets the writer stream).
const options = { profiles: 300, days: 30, seed: 11, now: Date.parse("2026-11-20T18:30:00.000Z") };

describe("generateDemo", () => {
  it("returns the same people and events for the same seed, and different ones for another", () => {
    const a = [...generateDemo(options)];
    const b = [...generateDemo(options)];
    expect(b).toEqual(a);
    expect([...generateDemo({ ...options, seed: 12 })]).not.toEqual(a);
  });

  it("derives each person from (seed, index) alone, so any slice can be regenerated", () => {
    const all = [...generateDemo(options)];
    expect(generatePerson(options, 137)).toEqual(all[137]);
    expect(generatePerson({ ...options, profiles: 1000 }, 137).events).toEqual(all[137]!.events);
  });

  it("orders each person's events in time, inside the window, with unique message ids", () => {
    const ids = new Set<string>();
    for (const { events } of generateDemo(options)) {
      for (let i = 0; i < events.length; i++) {
        const e = events[i]!;
        if (i > 0) expect(e.occurredAt).toBeGreaterThanOrEqual(events[i - 1]!.occurredAt);
        expect(e.occurredAt).toBeGreaterThanOrEqual(options.now - options.days * 86_400_000);
        expect(e.occurredAt).toBeLessThanOrEqual(options.now);
        ids.add(e.messageId);
      }
    }
    const total = [...generateDemo(options)].reduce((sum, p) => sum + p.events.length, 0);
    expect(ids.size).toBe(total);
  });

  it("offsets ids with idStart, so appended batches never collide", () => {
    const p = generatePerson({ ...options, idStart: 5001 }, 0);
    expect(p.profile.id).toBe(5001);
    expect(p.events[0]?.messageId).toMatch(/^demo-11-0000005001-0000$/);
  });

  it("keeps a few internal QA profiles at the end", () => {
    expect(testProfileCount(300)).toBe(1);
    expect(testProfileCount(20_000)).toBe(30);
    const last = generatePerson(options, options.profiles - 1).profile;
    expect(last).toMatchObject({ isTest: true, email: { normalized: "qa+01@downstream.test" } });
  });

  it("formats timestamps exactly like Date#toISOString, only faster", () => {
    for (const ms of [0, 1, 86_399_999, options.now, options.now - 123_456_789.7, Date.parse("1999-12-31T23:59:59.999Z"), -1]) {
      expect(isoTimestamp(ms)).toBe(new Date(Math.floor(ms)).toISOString());
    }
  });
});

// Issue 9 item 19: the demo's event times look like a store's. Before, 640 of 1,019 checkouts of
// the last 3 days fell in the 2 hours before seeding, and daily totals zig-zagged 2K, 14K, 9K, 18K.
describe("the demo store's traffic", () => {
  const o = { profiles: 4_000, days: 60, seed: 7, now: Date.parse("2026-11-20T18:30:00.000Z") };
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const events = [...generateDemo(o)].flatMap((p) => p.events);

  it("has no pile-up near now: the last 2 hours hold about their share of a 3-day window", () => {
    const checkouts = events.filter((e) => e.name === "checkout_started" && e.occurredAt >= o.now - 3 * DAY);
    const last2h = checkouts.filter((e) => e.occurredAt >= o.now - 2 * HOUR).length;
    expect(checkouts.length).toBeGreaterThan(50);
    // 2 of 72 hours is 2.8%; evening hours are busier, so allow up to 3x that, not the 63% of before.
    expect(last2h / checkouts.length).toBeLessThan(0.085);
    // And no hour of the last three days carries more than 3x the average hour's events.
    const hourly = new Map<number, number>();
    for (const e of events)
      if (e.occurredAt >= o.now - 72 * HOUR)
        hourly.set(Math.floor((o.now - e.occurredAt) / HOUR), (hourly.get(Math.floor((o.now - e.occurredAt) / HOUR)) ?? 0) + 1);
    const mean = [...hourly.values()].reduce((a, b) => a + b, 0) / 72;
    expect(Math.max(...hourly.values())).toBeLessThan(3 * mean);
  });

  it("has smooth daily totals with a weekly rhythm", () => {
    // Whole UTC days inside the window (the first and today's are partial).
    const first = Math.ceil((o.now - o.days * DAY) / DAY) * DAY;
    const last = Math.floor(o.now / DAY) * DAY;
    const daily: number[] = [];
    for (let d = first; d < last; d += DAY) daily.push(0);
    for (const e of events) {
      const i = Math.floor((e.occurredAt - first) / DAY);
      if (i >= 0 && i < daily.length) daily[i]!++;
    }
    expect(daily.length).toBeGreaterThan(50);
    // Day to day, totals move by less than a quarter (the zig-zag moved by 2x to 7x).
    for (let i = 1; i < daily.length; i++) expect(Math.abs(daily[i]! - daily[i - 1]!) / daily[i - 1]!, `day ${i}`).toBeLessThan(0.25);
    // Across the window, within a band around the mean.
    const mean = daily.reduce((a, b) => a + b, 0) / daily.length;
    for (const n of daily) expect(Math.abs(n - mean) / mean).toBeLessThan(0.3);
    // A weekly rhythm: the same weekday looks alike week after week, and weekdays differ.
    const byWeekday = Array.from({ length: 7 }, () => [] as number[]);
    daily.forEach((n, i) => byWeekday[new Date(first + i * DAY).getUTCDay()]!.push(n));
    const weekdayMeans = byWeekday.map((xs) => xs.reduce((a, b) => a + b, 0) / xs.length);
    for (let w = 0; w < 7; w++) for (const n of byWeekday[w]!) expect(Math.abs(n - weekdayMeans[w]!) / weekdayMeans[w]!).toBeLessThan(0.2);
    expect(Math.max(...weekdayMeans) / Math.min(...weekdayMeans)).toBeGreaterThan(1.05);
  });
});
