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
