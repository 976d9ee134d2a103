import { describe, expect, it } from "vitest";
import { findJsonProblem, hasUnstorableEscape, jsonBytes, tooDeep } from "@/lib/ingest/json-guard";

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
});
