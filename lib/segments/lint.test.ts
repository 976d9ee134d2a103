import { describe, expect, it } from "vitest";
import { segmentDefinition } from "@/lib/segments/definition";
import { lintDefinition } from "@/lib/segments/lint";
import { TEMPLATES, templateByKey } from "@/lib/segments/templates";

const def = (raw: unknown) => segmentDefinition.parse(raw);
const codes = (d: unknown, facts = {}) => lintDefinition(def(d), facts).map((l) => l.code);
const last = (amount: number) => ({ type: "last", amount, unit: "days" });

describe("the segment linter", () => {
  it("finds nothing wrong with the playbook templates", () => {
    for (const t of TEMPLATES) expect(codes(t.definition), t.key).toEqual([]);
  });

  it("flags a cart audience with no purchase exclusion, no window and no cap", () => {
    expect(codes({ conditions: [{ type: "event", event: "added_to_cart" }] })).toEqual([
      "intent-without-purchase-exclusion",
      "event-without-window",
      "intent-without-cap",
    ]);
  });

  it("accepts a purchase exclusion given as a 'did not' rule or as 'not in' a purchasers segment", () => {
    const cart = { type: "event", event: "checkout_started", window: last(3) };
    expect(codes({ conditions: [cart, { type: "event", event: "order_completed", performed: false, window: last(7) }], cap: { days: 3 } })).toEqual([]);
    const purchasers = { id: "p7", name: "Purchased in the last 7 days", definition: templateByKey("purchased-7d")!.definition };
    expect(codes({ conditions: [cart, { type: "segment", segmentId: "p7", membership: "not_in" }], cap: { days: 3 } }, { others: [purchasers] })).toEqual([]);
  });

  it("flags a noisy add-to-cart count without a checkout guardrail, and every lint says how to fix it", () => {
    const d = { conditions: [{ type: "event", event: "added_to_cart", frequency: { op: "at_least", times: 3 }, window: last(7) }, { type: "event", event: "order_completed", performed: false, window: last(7) }], cap: { days: 2 } };
    const lints = lintDefinition(def(d));
    expect(lints.map((l) => l.code)).toEqual(["noisy-cart-count"]);
    expect(lints[0]).toMatchObject({ path: "conditions.0", fix: expect.stringMatching(/checkout/) });
  });

  it("flags low identifier coverage and duplicated logic (ignoring rule order)", () => {
    const d = templateByKey("reactivation-90d-engaged")!.definition;
    const reordered = def({ ...d, conditions: [...d.conditions].reverse() });
    const others = [{ id: "s1", name: "Winback", definition: d }];
    expect(lintDefinition(reordered, { others, coverage: { members: 100, reachable: 40 } }).map((l) => l.code)).toEqual(["low-identifier-coverage", "duplicate-segment"]);
    expect(lintDefinition(reordered, { coverage: { members: 100, reachable: 90 } })).toEqual([]);
  });
});
