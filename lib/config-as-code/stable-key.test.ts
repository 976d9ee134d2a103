import { describe, expect, it } from "vitest";
import { diffFields } from "@/lib/config-as-code/config-diff";
import { formatPath, strippedFields } from "@/lib/config-as-code/config-path";
import { serializeConfig } from "@/lib/config-as-code/serialize-config";
import { assignKeys, keyFitsName, slugify } from "@/lib/config-as-code/stable-key";

describe("stable keys", () => {
  it("slugs names, and numbers the second of a name by age", () => {
    expect(slugify("VIP buyers (EU) — Q3")).toBe("vip-buyers-eu-q3");
    expect(slugify("Café crème")).toBe("cafe-creme");
    expect(slugify("!!!")).toBe("unnamed");
    const keys = assignKeys([
      { id: "a", name: "VIPs" },
      { id: "b", name: "vips" },
      { id: "c", name: "VIPs!" },
      { id: "d", name: "Other" },
    ]);
    expect([...keys.values()]).toEqual(["vips", "vips-2", "vips-3", "other"]);
  });

  it("accepts a key only when it follows the name", () => {
    expect(keyFitsName("vip-buyers", "VIP buyers")).toBe(true);
    expect(keyFitsName("vip-buyers-2", "VIP buyers")).toBe(true);
    expect(keyFitsName("vips", "VIP buyers")).toBe(false);
    expect(keyFitsName("vip-buyers-x", "VIP buyers")).toBe(false);
  });
});

describe("serializing and diffing", () => {
  it("writes one text per document: sorted keys (version, key, name first), array order kept, trailing newline", () => {
    const a = serializeConfig({
      version: 1,
      syncs: [],
      suppressionRules: [],
      destinations: [],
      segments: [
        {
          name: "B",
          key: "b",
          refreshIntervalMinutes: 15,
          description: null,
          definition: { match: "all", conditions: [{ z: 1, a: 2 }, { type: "x" }] },
        },
      ],
    });
    const b = serializeConfig({
      segments: [
        {
          definition: { conditions: [{ a: 2, z: 1 }, { type: "x" }], match: "all" },
          description: null,
          refreshIntervalMinutes: 15,
          key: "b",
          name: "B",
        },
      ],
      destinations: [],
      suppressionRules: [],
      syncs: [],
      version: 1,
    });
    expect(a).toBe(b);
    expect(a.startsWith('{\n  "version": 1,\n  "destinations": []')).toBe(true);
    expect(a).toContain('"key": "b",\n      "name": "B",\n      "definition"');
    expect(a.endsWith("}\n")).toBe(true);
  });

  it("diffs field by field, lists item by item when the length is unchanged", () => {
    expect(
      diffFields(
        { a: 1, d: { conditions: [{ n: 1 }, { n: 2 }] }, l: [1, 2] },
        { a: 2, d: { conditions: [{ n: 1 }, { n: 3 }] }, l: [1], extra: true },
      ),
    ).toEqual([
      { path: "a", before: 1, after: 2 },
      { path: "d.conditions[1].n", before: 2, after: 3 },
      { path: "extra", before: null, after: true },
      { path: "l", before: [1, 2], after: [1] },
    ]);
    expect(diffFields({ a: { b: [1] } }, { a: { b: [1] } })).toEqual([]);
  });

  it("finds fields a lenient schema dropped, with their path", () => {
    const paths = strippedFields(
      { a: 1, b: { c: 1, typo: 2 }, list: [{ x: 1 }, { x: 1, y: 2 }] },
      { a: 1, b: { c: 1 }, list: [{ x: 1 }, { x: 1 }] },
    );
    expect(paths.map((p) => formatPath(["segments", 2, ...p]))).toEqual(["segments[2].b.typo", "segments[2].list[1].y"]);
  });
});
