import { describe, expect, it } from "vitest";
import { segmentDefinition } from "@/lib/segments/definition";
import { describeDefinition, describeEntry, describeExit, describeRules } from "@/lib/segments/describe";
import { templateByKey } from "@/lib/segments/templates";

const def = (raw: unknown) => segmentDefinition.parse(raw);

describe("describeDefinition", () => {
  it("says the checkout template the way a marketer would", () => {
    expect(describeDefinition(templateByKey("checkout-no-purchase-2h")!.definition)).toBe(
      "People who started checkout in the last 3 days, at least 2 hours ago, with no purchase since. " +
        "They leave as soon as they no longer match, or after 3 days in the segment even if they still match, and come back only with new activity.",
    );
  });

  it("factors the pronoun and uses either/or for nested groups", () => {
    expect(describeEntry(templateByKey("reactivation-90d-engaged")!.definition)).toBe(
      "People whose last purchase date is more than 90 days ago, and who either opened an email in the last 30 days or clicked an email in the last 30 days.",
    );
  });

  it("covers counts, property filters, negation, recency, identifiers and segments", () => {
    const d = def({
      match: "any",
      conditions: [
        {
          type: "event",
          event: "added_to_cart",
          frequency: { op: "at_least", times: 3 },
          window: { type: "last", amount: 1, unit: "days" },
          where: [{ property: "cart_value", op: "gt", value: 50 }],
        },
        { type: "event", event: "order_completed", performed: false, window: { type: "last", amount: 7, unit: "days" } },
        { type: "recency", event: "order_completed", op: "more_than", ago: { amount: 90, unit: "days" }, orNever: true },
        { type: "identifier", identifier: "phone", present: false },
        { type: "segment", segmentId: "seg1", membership: "not_in" },
        { type: "attribute", field: "country", op: "in", value: ["US", "CA"] },
      ],
    });
    expect(describeRules(d, { segmentNames: { seg1: "VIPs" } })).toEqual([
      "Who added to cart with cart value over 50 at least 3 times in the last day",
      "Who have not completed an order in the last 7 days",
      "Whose last purchase was more than 90 days ago (or who have never completed an order)",
      "Who do not have a valid phone number",
      "Who are not in the segment “VIPs”",
      "Whose country is one of “US”, “CA”",
    ]);
    expect(describeEntry(d, { segmentNames: { seg1: "VIPs" } })).toMatch(
      /^People who added to cart .*, or whose country is one of “US”, “CA”\.$/,
    );
  });

  it("describes the empty definition and the exit rule without a cap", () => {
    expect(describeEntry(def({ conditions: [] }))).toBe("Everyone.");
    expect(describeExit(def({ conditions: [] }))).toBe("They leave as soon as they no longer match.");
  });
});
