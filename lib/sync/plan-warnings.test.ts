import { describe, expect, it } from "vitest";
import type { Connector } from "@/lib/connectors/contract";
import type { PlanCounts } from "@/lib/sync/plan-sync";
import { planWarnings } from "@/lib/sync/plan-warnings";
import { backoffMs, isThrottle, waitMs } from "@/lib/sync/retry-policy";
import { ConnectorError } from "@/lib/connectors/errors";
import { redact } from "@/lib/sync/redact";

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
const meta = { label: "Meta Custom Audiences", minimumAudienceSize: 100 } as Connector<unknown, unknown>;

describe("plan warnings", () => {
  it("warns below a platform's minimum, on mass removals and on poor identifier coverage", () => {
    expect(planWarnings(meta, plan({}))).toEqual([]);
    expect(planWarnings(meta, plan({ deliveredBefore: 120, toRemove: 40 }))[0]).toMatch(
      /at least 100 matched people.*would have 80 members/,
    );
    expect(planWarnings(meta, plan({ toRemove: 600 }))[0]).toMatch(/removes 600 of the 1,000/);
    expect(planWarnings(meta, plan({ missingIdentifier: 700 }))[0]).toMatch(/70% of the segment/);
  });
});

describe("retry policy", () => {
  const policy = { maxAttempts: 5, baseMs: 100, maxMs: 1000, maxThrottleWaitMs: 10_000 };
  it("backs off exponentially with full jitter, capped", () => {
    expect(backoffMs(1, policy, () => 1)).toBe(100);
    expect(backoffMs(3, policy, () => 1)).toBe(400);
    expect(backoffMs(10, policy, () => 1)).toBe(1000);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
  });
  it("honours Retry-After and tells throttling from failure", () => {
    const throttled = new ConnectorError("retryable", "HTTP 429", { status: 429, retryAfterMs: 5000 });
    expect(isThrottle(throttled)).toBe(true);
    expect(isThrottle(new ConnectorError("retryable", "HTTP 503", { status: 503 }))).toBe(false);
    expect(waitMs(throttled, 1, policy, () => 0)).toBe(5000);
    expect(waitMs(throttled, 1, policy, () => 1)).toBeLessThanOrEqual(6000);
  });
});

describe("redact", () => {
  it("masks secret-looking keys and trims bulk", () => {
    expect(
      redact({ url: "x", authorization: "Bearer s", nested: { access_token: "t" }, rows: Array.from({ length: 30 }, (_, i) => i) }),
    ).toEqual({
      url: "x",
      authorization: "[redacted]",
      nested: { access_token: "[redacted]" },
      rows: [...Array.from({ length: 20 }, (_, i) => i), "… 10 more"],
    });
  });
});
