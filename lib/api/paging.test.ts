import { describe, expect, it } from "vitest";
import { bigintCursor, decodeCursor, encodeCursor, pageOfList, pageOfRows, pageQuery } from "@/lib/api/paging";

const items = Array.from({ length: 7 }, (_, i) => ({ id: `id${i}`, name: ["b", "a", "c", "a", "e", "d", "f"][i]! }));
const key = (x: { id: string; name: string }) => [x.name, x.id];

describe("paging", () => {
  it("walks a list page by page in key order, each item once, ending with a null cursor", () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 10; n++) {
      const page = pageOfList(items, { limit: 3, cursor }, key);
      seen.push(...page.items.map((x) => x.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(["id1", "id3", "id0", "id2", "id5", "id4", "id6"]);
  });

  it("a page ending exactly at the last item has no next cursor", () => {
    expect(pageOfList(items, { limit: 7 }, key).nextCursor).toBeNull();
    expect(pageOfRows([1, 2, 3], 3, (n) => [String(n)]).nextCursor).toBeNull();
    expect(pageOfRows([1, 2, 3, 4], 3, (n) => [String(n)]).nextCursor).toBe(encodeCursor(["3"]));
  });

  it("continues after a deleted item instead of failing or repeating", () => {
    const first = pageOfList(items, { limit: 2 }, key); // id1, id3
    const without = items.filter((x) => x.id !== "id3");
    expect(pageOfList(without, { limit: 2, cursor: first.nextCursor! }, key).items.map((x) => x.id)).toEqual(["id0", "id2"]);
  });

  it("pages newest first with direction desc", () => {
    expect(pageOfList(items, { limit: 2 }, (x) => [x.id], "desc").items.map((x) => x.id)).toEqual(["id6", "id5"]);
  });

  it("refuses cursors it did not issue with a 400 naming query.cursor", () => {
    for (const bad of ["nope", encodeCursor(["a", "b"]), Buffer.from("[1]").toString("base64url")]) {
      expect(() => decodeCursor(bad, 1)).toThrow(
        expect.objectContaining({ code: "bad_request", details: { issues: [{ path: "query.cursor", message: expect.any(String) }] } }),
      );
    }
    expect(() => bigintCursor(encodeCursor(["12x"]))).toThrow(expect.objectContaining({ code: "bad_request" }));
    expect(bigintCursor(encodeCursor(["42"]))).toBe(42n);
    expect(bigintCursor(undefined)).toBeUndefined();
  });

  it("the query takes limit and cursor only, with a default and a maximum", () => {
    const q = pageQuery({ max: 50, byDefault: 20 });
    expect(q.parse({})).toEqual({ limit: 20 });
    expect(q.safeParse({ limit: "51" }).success).toBe(false);
    expect(q.safeParse({ limt: "5" }).success).toBe(false);
  });
});
