import { describe, expect, it } from "vitest";
import { decideGates, type LaunchFacts } from "@/lib/launch/gates";

// The checklist's words and verdicts from facts alone: a fixed "now", so ages are exact.

const now = new Date("2026-12-01T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const facts = (over: Partial<LaunchFacts> = {}): LaunchFacts => ({
  destination: { kind: "meta", label: "Meta Custom Audiences", lastTestOk: true, lastTestedAt: daysAgo(2) },
  identity: { identifiers: ["email", "phone"], members: 2000, reachable: 1500 },
  segment: { name: "Cart abandoners", valid: true, entry: "Added to cart", exit: "Leaves after purchase", rules: [] },
  promotional: true,
  purchaseRules: [],
  otherRules: [],
  validation: { state: "passed", finishedAt: daysAgo(3), method: "upload_receipt" },
  validationMaxAgeDays: 14,
  alerts: { rules: [], owner: null },
  measurement: { holdoutPercent: 0, metric: "order_completed" },
  signoffs: {},
  now,
  ...over,
});
const gate = (f: LaunchFacts, key: string) => decideGates(f).find((g) => g.key === key)!;

describe("launch gates", () => {
  it("says what it could not check about a Meta token, and the match-rate ceiling for the sync's identifiers", () => {
    expect(gate(facts(), "connection")).toMatchObject({
      status: "passed",
      summary: "Meta Custom Audiences connection test passed 2 days ago.",
      details: [expect.stringContaining("cannot tell whether the token belongs to a system user")],
    });
    expect(gate(facts(), "identity")).toMatchObject({
      status: "failed",
      details: ["1,500 of 2,000 members (75%) have email or phone: the match rate cannot exceed that."],
    });
  });

  it("counts a validation only within the workspace's window, and names the method", () => {
    expect(gate(facts(), "validation")).toMatchObject({ status: "passed", summary: "Validated 3 days ago (verified by upload receipt)." });
    const stale = facts({ validation: { state: "passed", finishedAt: daysAgo(20), method: "read_back" } });
    expect(gate(stale, "validation")).toMatchObject({
      status: "failed",
      summary: "Validated 20 days ago (verified by read back): too long ago.",
    });
    expect(gate(facts({ validation: null }), "validation").summary).toBe("Never validated with test profiles.");
    expect(gate(facts({ validation: { state: "failed", finishedAt: daysAgo(1), method: null } }), "validation").summary).toBe(
      "The last validation failed yesterday.",
    );
  });

  it("needs a purchase rule for promotional syncs only, and a waiver turns only waivable gates", () => {
    expect(gate(facts({ otherRules: [{ name: "Unsubscribed" }] }), "suppression").summary).toMatch(/none removes people who purchased/);
    expect(gate(facts({ promotional: false }), "suppression").status).toBe("not_applicable");
    const waiver = { kind: "waiver" as const, reason: "Measured in the CRM", by: "ana@x.test", at: daysAgo(1), evidence: {} };
    expect(gate(facts({ signoffs: { measurement: waiver } }), "measurement")).toMatchObject({
      status: "waived",
      summary: "Waived by ana@x.test yesterday: “Measured in the CRM”",
    });
    expect(gate(facts({ signoffs: { validation: waiver }, validation: null }), "validation").status).toBe("failed");
  });

  it("wants an owner who can sign in and a rule that notifies a channel", () => {
    const rules = [{ name: "Run failed", channels: [] }];
    expect(gate(facts({ alerts: { rules, owner: null } }), "alerts").summary).toMatch(
      /^No alert rule covering this sync notifies a channel/,
    );
    const routed = { rules: [{ name: "Run failed", channels: ["#growth"] }], owner: { label: "Ana", disabled: true } };
    expect(gate(facts({ alerts: routed }), "alerts").summary).toBe("The alert owner Ana is disabled: choose another.");
    expect(gate(facts({ alerts: { ...routed, owner: { label: "Ana", disabled: false } } }), "alerts")).toMatchObject({
      status: "passed",
      summary: "Ana owns alerts; “Run failed” → #growth.",
    });
  });
});
