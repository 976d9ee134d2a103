import { describe, expect, it } from "vitest";
import { syncLabel } from "@/components/people/sync-label";

describe("a delivered audience's label", () => {
  it("names the destination once", () => {
    expect(syncLabel("Checkout started 2h → Meta", "Meta")).toEqual({ name: "Checkout started 2h → Meta", to: null });
    expect(syncLabel("Cart abandoners → warehouse", "Demo warehouse")).toEqual({
      name: "Cart abandoners → warehouse",
      to: "Demo warehouse",
    });
    expect(syncLabel("Winback", "Google Ads")).toEqual({ name: "Winback", to: "Google Ads" });
    expect(syncLabel("Winback to google ads", "Google Ads")).toEqual({ name: "Winback to google ads", to: null });
    expect(syncLabel("Metaverse fans", "Meta")).toEqual({ name: "Metaverse fans", to: "Meta" });
  });
});
