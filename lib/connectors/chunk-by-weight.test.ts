import { describe, expect, it } from "vitest";
import { chunkByWeight } from "@/lib/connectors/chunk-by-weight";

describe("chunkByWeight", () => {
  it("fills each request up to the weight limit, in order, without splitting an item", () => {
    expect(chunkByWeight([2, 2, 1, 2, 2], 4)).toEqual([
      { start: 0, end: 2, weight: 4 },
      { start: 2, end: 4, weight: 3 },
      { start: 4, end: 5, weight: 2 },
    ]);
  });

  it("also caps the number of items, and gives an oversize item a request of its own", () => {
    expect(chunkByWeight([1, 1, 1], 10, 2).map((c) => [c.start, c.end])).toEqual([
      [0, 2],
      [2, 3],
    ]);
    expect(chunkByWeight([1, 5, 1], 3).map((c) => [c.start, c.end, c.weight])).toEqual([
      [0, 1, 1],
      [1, 2, 5],
      [2, 3, 1],
    ]);
    expect(chunkByWeight([], 3)).toEqual([]);
    expect(() => chunkByWeight([1], 0)).toThrow(RangeError);
  });
});
