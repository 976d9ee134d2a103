import { describe, expect, it } from "vitest";
import { parseCell, parseTimestamp } from "@/lib/ingest/csv/parse-cell";

describe("CSV cells", () => {
  it.each([
    ["12", 12],
    ["-3.5", -3.5],
    [" 1e3 ", 1000],
    [".5", 0.5],
  ])("reads %j as the number %j", (text, value) => expect(parseCell(text, "number")).toEqual({ ok: true, value }));

  it.each(["1,200", "12abc", "NaN", "", "0x10"])("refuses %j as a number", (text) => expect(parseCell(text, "number").ok).toBe(false));

  it("reads booleans in the usual spellings and refuses the rest", () => {
    expect(parseCell("Yes", "boolean")).toEqual({ ok: true, value: true });
    expect(parseCell("0", "boolean")).toEqual({ ok: true, value: false });
    expect(parseCell("maybe", "boolean").ok).toBe(false);
  });

  it("reads ISO dates (zone-less as UTC) and unix seconds or milliseconds", () => {
    expect(parseTimestamp("2026-06-01T10:00:00Z")?.toISOString()).toBe("2026-06-01T10:00:00.000Z");
    expect(parseTimestamp("2026-06-01 10:00:00")?.toISOString()).toBe("2026-06-01T10:00:00.000Z");
    expect(parseTimestamp("2026-06-01")?.toISOString()).toBe("2026-06-01T00:00:00.000Z");
    expect(parseTimestamp("2026-06-01T12:00:00+02:00")?.toISOString()).toBe("2026-06-01T10:00:00.000Z");
    expect(parseTimestamp("1717236000")?.toISOString()).toBe("2024-06-01T10:00:00.000Z");
    expect(parseTimestamp("1717236000000")?.toISOString()).toBe("2024-06-01T10:00:00.000Z");
    expect(parseTimestamp("01/06/2026")).toBeNull();
    expect(parseTimestamp("yesterday")).toBeNull();
  });
});
