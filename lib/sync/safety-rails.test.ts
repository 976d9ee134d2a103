import { describe, expect, it } from "vitest";
import type { PlanCounts } from "@/lib/sync/plan-sync";
import {
  coverageExpectation,
  expectedVisibleBy,
  isVisible,
  matchExpectation,
  minimumSizeWarning,
  visibility,
} from "@/lib/sync/safety-rails";

const meta = { label: "Meta Custom Audiences", minimumAudienceSize: 100, visibilityDelayHours: 24 };
const tiktok = { label: "TikTok", minimumAudienceSize: 1000, visibilityDelayHours: 48 };
const plan = (p: Partial<PlanCounts>): PlanCounts => ({
  segmentSize: 1000,
  testProfiles: 0,
  suppressed: 0,
  capped: 0,
  missingIdentifier: 0,
  heldOut: 0,
  rejected: 0,
  desired: 1000,
  eligible: 1000,
  coverage: { email: 1000, phone: 0, external_id: 0 },
  toAdd: 0,
  toRemove: 0,
  newHoldouts: 0,
  deliveredBefore: 1000,
  source: "table",
  ...p,
});

describe("minimum audience size", () => {
  it("warns before removals take the matched audience below the platform's minimum", () => {
    expect(minimumSizeWarning(meta, plan({ deliveredBefore: 500, toRemove: 300 }))).toBeNull();
    expect(minimumSizeWarning(meta, plan({ deliveredBefore: 500, toRemove: 300 }), 0.4)).toMatch(
      /at least 100 matched.*removing 300.*about 80 matched.*refused ones are listed on the run/,
    );
    expect(minimumSizeWarning(tiktok, plan({ deliveredBefore: 1500, toRemove: 600 }))).toMatch(
      /1,000 matched.*900 members before matching/,
    );
    expect(minimumSizeWarning(tiktok, plan({ deliveredBefore: 0, toAdd: 50 }))).toMatch(/to serve an audience/);
    expect(minimumSizeWarning({ label: "Webhook" }, plan({ deliveredBefore: 1, toRemove: 1 }))).toBeNull();
  });
});

describe("expected visibility", () => {
  const done = new Date("2026-01-01T00:00:00Z");
  it("adds the platform's documented delay to the run's end", () => {
    expect(expectedVisibleBy(meta, done)?.toISOString()).toBe("2026-01-02T00:00:00.000Z");
    expect(expectedVisibleBy(tiktok, done)?.toISOString()).toBe("2026-01-03T00:00:00.000Z");
    expect(expectedVisibleBy({ label: "x" }, done)).toBeNull();
  });
  it("flags an audience overdue once the time has passed and the platform still does not show it", () => {
    expect(isVisible({ status: "calculating", size: null })).toBe(false);
    expect(isVisible({ status: "ready", size: 1200 })).toBe(true);
    expect(isVisible({ status: "This audience is too small to use.", size: 40 })).toBe(false);
    expect(visibility(meta, done, { status: "calculating" }, new Date("2026-01-01T12:00:00Z")).state).toBe("waiting");
    expect(visibility(meta, done, { status: "calculating" }, new Date("2026-01-02T01:00:00Z")).state).toBe("overdue");
    expect(visibility(meta, done, { status: "ready", size: 500 }, new Date("2026-01-05T00:00:00Z")).state).toBe("visible");
  });
});

describe("match-rate expectation", () => {
  it("is capped by the share of members the sync can send an identifier for", () => {
    const e = matchExpectation(
      plan({ segmentSize: 1000, suppressed: 100, missingIdentifier: 180, coverage: { email: 700, phone: 300, external_id: 1000 } }),
      ["email", "phone"],
    )!;
    expect(e.ceiling).toBe(0.8);
    expect(e.byIdentifier).toEqual({ email: 0.7, phone: 0.3 });
    expect(e.text).toMatch(/At most 80% can match: 70% have a normalized email, 30% have a valid phone/);
    expect(matchExpectation(plan({ segmentSize: 0 }), ["email"])).toBeNull();
  });
  it("works from a segment's identifier combinations for any choice of identifiers", () => {
    // 50 email only, 20 phone only, 10 both, 20 neither (all have an external id).
    const c = { size: 100, combos: { 5: 50, 6: 20, 7: 10, 4: 20 } };
    expect(coverageExpectation(c, ["email"])!.ceiling).toBe(0.6);
    expect(coverageExpectation(c, ["email", "phone"])!.ceiling).toBe(0.8);
    expect(coverageExpectation(c, ["phone"])!.byIdentifier).toEqual({ phone: 0.3 });
    expect(coverageExpectation(undefined, ["email"])).toBeNull();
  });
});
