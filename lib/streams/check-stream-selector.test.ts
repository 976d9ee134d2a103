import { describe, expect, it } from "vitest";
import { closeMatches, patternMatcher, selectorIssues } from "@/lib/streams/check-stream-selector";

const received = ["checkout_started", "checkout_completed", "order_completed", "page_viewed"];

describe("which event names and patterns a stream may use", () => {
  it("takes received names and engagement metrics that have not happened yet", () => {
    expect(selectorIssues({ names: ["order_completed", "push_bounced"], patterns: [] }, received)).toEqual([]);
  });

  it("refuses a typo by its field, with the closest received names first", () => {
    const [issue] = selectorIssues({ names: ["order_completed", "chekout_started"], patterns: [] }, received);
    expect(issue!.path).toBe("selector.names.1");
    expect(issue!.message).toMatch(/^No event named `chekout_started` has been received yet\. Did you mean `checkout_started`/);
    expect(issue!.message).toContain("Known events: `checkout_started`, `checkout_completed`, `order_completed`, `page_viewed`.");
  });

  it("matches patterns against received names and engagement metric names, whole-name, * only", () => {
    expect(selectorIssues({ names: [], patterns: ["checkout_*", "*_unsubscribed", "page.*"] }, received).map((i) => i.path)).toEqual([
      "selector.patterns.2",
    ]);
    expect(patternMatcher("checkout_*").test("xcheckout_started")).toBe(false);
    expect(patternMatcher("a.b*").test("axb")).toBe(false);
  });

  it("says so when nothing has been received at all", () => {
    const [issue] = selectorIssues({ names: ["signup"], patterns: [] }, []);
    expect(issue!.message).toBe("No event named `signup` has been received yet. No events have been received yet.");
  });

  it("suggests only names that are close", () => {
    expect(closeMatches("order_complete", received)).toEqual(["order_completed"]);
    expect(closeMatches("zzz", received)).toEqual([]);
  });
});
