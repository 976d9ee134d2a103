import { describe, expect, it } from "vitest";
import { bitmapFromInt8s, countBoth, countIds, union } from "@/lib/measurement/id-bitmap";

// The overlap matrix's counting (id-bitmap.ts) against plain Set arithmetic, over random id sets
// that share words, sit on word edges (31, 32, 63) and go past 2^32 (ids are bigints in Postgres).

function int8s(ids: number[]): Uint8Array {
  const buf = new Uint8Array(ids.length * 8);
  const view = new DataView(buf.buffer);
  ids.forEach((id, i) => view.setBigUint64(i * 8, BigInt(id)));
  return buf;
}

function randomSet(seed: number, size: number, span: number, base: number): number[] {
  let x = seed;
  const next = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x / 2 ** 32);
  const ids = new Set<number>([31, 32, 63].filter(() => next() < 0.5));
  while (ids.size < size) ids.add(base + Math.floor(next() * span));
  return [...ids].sort((a, b) => a - b);
}

describe("id bitmaps", () => {
  it("count sizes, pairs and the union exactly as sets do", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const base = seed % 4 === 0 ? 2 ** 33 : 0;
      const raw = [0, 1, 2].map((k) => randomSet(seed * 10 + k, 50 + ((seed * 37 + k * 11) % 400), 2000, base));
      const sets = raw.map((ids) => bitmapFromInt8s(int8s(ids)));
      raw.forEach((ids, k) => expect(countIds(sets[k]!)).toBe(ids.length));
      for (let a = 0; a < 3; a++)
        for (let b = 0; b < 3; b++) {
          const inB = new Set(raw[b]);
          expect(countBoth(sets[a]!, sets[b]!)).toBe(raw[a]!.filter((i) => inB.has(i)).length);
        }
      expect(countIds(sets.reduce(union))).toBe(new Set(raw.flat()).size);
    }
  });

  it("treats no bytes as the empty set and refuses ids out of order", () => {
    const empty = bitmapFromInt8s(new Uint8Array(0));
    expect(countIds(empty)).toBe(0);
    expect(countBoth(empty, bitmapFromInt8s(int8s([1, 2])))).toBe(0);
    expect(countIds(union(empty, bitmapFromInt8s(int8s([1, 40]))))).toBe(2);
    expect(() => bitmapFromInt8s(int8s([100, 5]))).toThrow(/ascending/);
  });
});
