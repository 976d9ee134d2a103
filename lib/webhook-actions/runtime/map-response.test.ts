import { describe, expect, it } from "vitest";
import { mapResponse, mappedTraits, valueAtPath } from "@/lib/webhook-actions/runtime/map-response";

describe("response mapping", () => {
  it("reads dotted paths into objects and arrays, and names the paths the answer did not have", () => {
    const answer = { data: { tier: "gold", items: [{ sku: "A1" }], zero: 0, nil: null } };
    expect(valueAtPath(answer, "data.items.0.sku")).toBe("A1");
    expect(valueAtPath(answer, "data.zero")).toBe(0);
    expect(valueAtPath(answer, "data.nil")).toBeNull();
    expect(valueAtPath(answer, "data.items.x")).toBeUndefined();
    expect(valueAtPath(answer, "data.tier.length")).toBeUndefined();
    expect(valueAtPath(answer, "constructor")).toBeUndefined();
    expect(
      mappedTraits(
        [
          { from: "data.tier", to: "loyalty_tier" },
          { from: "data.points", to: "points" },
        ],
        answer,
      ),
    ).toEqual({ traits: { loyalty_tier: "gold" }, missing: ["data.points"] });
  });

  it("does not map an answer over the 64 KB read cap, or one that is not JSON, and says so", async () => {
    const base = { actionId: "wa_1", actionName: "A", deliveryId: "1", profileId: "1", mapping: [{ from: "tier", to: "tier" }] };
    expect(await mapResponse({ ...base, body: { text: '{"tier":"go', complete: false, contentType: null, headers: [] } })).toBe(
      "Response over 64 KB: not mapped onto the person.",
    );
    expect(await mapResponse({ ...base, body: { text: "<html>", complete: true, contentType: "text/html", headers: [] } })).toBe(
      "The response is not JSON: nothing was mapped onto the person.",
    );
    expect(await mapResponse({ ...base, mapping: [], body: undefined })).toBeNull();
  });
});
