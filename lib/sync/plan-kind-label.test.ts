import { describe, expect, it } from "vitest";
import { planKindLabel } from "@/lib/sync/plan-kind-label";

describe("planKindLabel", () => {
  it("says how the run's plan was made", () => {
    expect(planKindLabel({ plan_kind: "incremental", plan_changed: 10112 })).toBe(
      "Incremental: 10,112 people changed since the last complete run",
    );
    expect(planKindLabel({ plan_kind: "incremental", plan_changed: 1 })).toBe("Incremental: 1 person changed since the last complete run");
    expect(planKindLabel({ plan_kind: "full", plan_full_reason: "first run" })).toBe("Full reconciliation: everyone checked (first run)");
    expect(planKindLabel({})).toBeNull(); // runs from before incremental plans, and previews
  });
});
