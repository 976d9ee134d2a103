import { describe, expect, it } from "vitest";
import { referenceIssues } from "@/lib/segments/references";
import { parseDefinition } from "@/lib/segments/validate";
import { segmentDefinition } from "@/lib/segments/definition";

describe("parseDefinition", () => {
  it("names the exact path of each problem", () => {
    const r = parseDefinition({
      conditions: [
        { type: "event", event: "checkout_started", window: { type: "last", amount: 0, unit: "days" } },
        {
          type: "group",
          match: "any",
          conditions: [{ type: "attribute", field: "city", op: "more_than_ago", value: { amount: 3, unit: "days" } }],
        },
        { type: "teleport" },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(["definition.conditions.0.window.amount", "definition.conditions.2.type"]);
  });

  it("applies the catalogue's types once the shape is right", () => {
    const r = parseDefinition({
      conditions: [
        {
          type: "group",
          match: "any",
          conditions: [{ type: "attribute", field: "city", op: "more_than_ago", value: { amount: 3, unit: "days" } }],
        },
      ],
    });
    expect(r).toMatchObject({
      ok: false,
      issues: [{ path: "definition.conditions.0.conditions.0.op", message: expect.stringMatching(/does not apply to City/) }],
    });
  });

  it("fills defaults", () => {
    const r = parseDefinition({ conditions: [{ type: "event", event: "order_completed" }] });
    expect(r).toMatchObject({ ok: true, definition: { version: 1, match: "all", conditions: [{ performed: true }] } });
  });
});

describe("segment references", () => {
  const ref = (id: string) => segmentDefinition.parse({ conditions: [{ type: "segment", segmentId: id }] });
  const stored = [
    { id: "a", name: "A", definition: ref("b") },
    { id: "b", name: "B", definition: ref("c") },
    { id: "c", name: "C", definition: segmentDefinition.parse({ conditions: [] }) },
  ];

  it("refuses loops, self references and unknown segments", () => {
    expect(referenceIssues(ref("a"), "c", stored)).toEqual([
      {
        path: "definition.conditions.0.segmentId",
        message: "This would make a loop: “C” → “A” → “B” → “C”. Segments cannot depend on themselves.",
      },
    ]);
    expect(referenceIssues(ref("c"), "c", stored)[0]!.message).toMatch(/itself/);
    expect(referenceIssues(ref("zzz"), null, stored)[0]!.message).toMatch(/No segment/);
    expect(referenceIssues(ref("a"), null, stored)).toEqual([]);
  });
});
