// Seeded randomness for the demo generator. Every profile gets its own stream derived
// from (seed, profile index, purpose), so a profile's data does not depend on how many
// profiles came before it or on chunking: same seed, same people, same events.

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for synthetic data (not for anything secret). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes integers into one 32-bit seed (murmur3 finalizer per step). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p | 0) ^ Math.floor(p / 4294967296), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export const rngFor = (...parts: number[]): Rng => mulberry32(mixSeed(...parts));

export const chance = (rng: Rng, p: number) => rng() < p;

/** Integer in [lo, hi], inclusive. */
export const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

/** Picks by weight from [value, weight] pairs. */
export function weighted<T>(rng: Rng, options: readonly (readonly [T, number])[]): T {
  const total = options.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [value, w] of options) if ((r -= w) < 0) return value;
  return options[options.length - 1]![0];
}

/** Poisson-distributed count (Knuth; fine for the small means used here). */
export function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng(); p > limit; p *= rng()) k++;
  return k;
}

/** Exponentially distributed delay with the given mean. */
export const exponential = (rng: Rng, mean: number) => -Math.log(1 - rng()) * mean;
