import { describe, expect, it } from "vitest";
import { segmentDefinition } from "@/lib/segments/definition";
import { versionChanges } from "@/lib/segments/version-diff";
import { templateByKey } from "@/lib/segments/templates";

describe("versionChanges", () => {
  it("lists rules added and removed in plain English, and cap changes", () => {
    const v1 = templateByKey("intent-checkout")!.definition;
    const v2 = segmentDefinition.parse({
      ...v1,
      conditions: [...v1.conditions, { type: "identifier", identifier: "email" }],
      cap: { days: 1 },
    });
    expect(versionChanges(v1, v2)).toEqual([
      { kind: "added", text: "Who have an email address" },
      { kind: "changed", text: "Timebox changed from 3 days to 1 day" },
    ]);
    expect(versionChanges(null, v1)).toEqual([{ kind: "added", text: "First version" }]);
  });
});
