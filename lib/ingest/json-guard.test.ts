import { describe, expect, it } from "vitest";
import { findJsonProblem, hasUnstorableEscape, jsonBytes, surelyWithinBytes, tooDeep } from "@/lib/ingest/json-guard";

describe("json guard", () => {
  it("spots escapes Postgres jsonb refuses, but not escaped backslashes", () => {
    expect(hasUnstorableEscape(JSON.stringify({ a: "x\u0000y" }))).toBe(true);
    expect(hasUnstorableEscape(JSON.stringify({ a: "\ud800" }))).toBe(true);
    expect(hasUnstorableEscape(JSON.stringify({ a: "😀 \\u0000 literal" }))).toBe(false);
    expect(hasUnstorableEscape('{"a":"\\\\u0000"}')).toBe(false);
  });

  it("names the path of the first problem", () => {
    expect(findJsonProblem({ a: [{ b: "ok" }, { c: "x\u0000" }] })).toEqual({ path: "a.1.c", error: expect.stringContaining("NUL") });
    expect(findJsonProblem({ ["k\u0000"]: 1 })).toEqual({ path: "k\u0000", error: expect.stringContaining("key") });
    expect(findJsonProblem({ a: "\udc00" })?.error).toContain("surrogate");
    expect(findJsonProblem({ a: "😀" })).toBeNull();
  });

  it("measures depth without recursing past the limit, and sizes what JSON.stringify cannot", () => {
    const deep = JSON.parse(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    expect(tooDeep(deep)).toBe(true);
    expect(findJsonProblem({ x: deep })?.error).toContain("nested more than 32");
    expect(tooDeep({ a: { b: [1, { c: 2 }] } })).toBe(false);
    expect(jsonBytes(deep)).toBe(Number.POSITIVE_INFINITY);
    expect(jsonBytes({ a: "é" })).toBe(10);
  });

  it("never clears a message that serializes larger than the limit (escapes, non-ASCII, long numbers)", () => {
    const values: unknown[] = [
      { a: '\u0001\u001f"\\\n'.repeat(50) },
      { "ключ\t": ["é😀".repeat(40), -1.2345678901234567e-308, true, null, { x: "\ud83d" }] },
      ["", {}, [], 0, Number.MAX_VALUE],
      { properties: { sku: "SKU-1", price: 12.34, currency: "USD" }, context: { library: { name: "analytics-node" } } },
    ];
    for (const v of values) {
      const exact = jsonBytes(v);
      // Cleared at a limit means the real size is within it; at the exact size minus one it must not be.
      expect(surelyWithinBytes(v, exact - 1)).toBe(false);
      for (const limit of [exact, exact * 2, exact * 7]) if (surelyWithinBytes(v, limit)) expect(exact).toBeLessThanOrEqual(limit);
      expect(surelyWithinBytes(v, exact * 7)).toBe(true); // loose by at most 6x plus per-value overhead
    }
    expect(surelyWithinBytes({ big: "x".repeat(40_000) }, 32 * 1024)).toBe(false);
  });
});
