// Splits a batch into consecutive requests by what the platform counts: Google counts user
// identifiers per request, TikTok ids per call, Meta rows. Each item weighs what it adds to the
// platform's count (a person with an email and a phone weighs 2 where identifiers are counted).

export type Chunk = { start: number; end: number; weight: number };

/**
 * Consecutive [start, end) ranges, in order, none heavier than `maxWeight` nor longer than
 * `maxItems`. An item heavier than `maxWeight` on its own gets a range of its own (the platform
 * then answers for it); weight-0 items ride along with their neighbours.
 */
export function chunkByWeight(weights: readonly number[], maxWeight: number, maxItems: number = Infinity): Chunk[] {
  if (!(maxWeight >= 1) || !(maxItems >= 1)) throw new RangeError("chunk limits must be at least 1");
  const chunks: Chunk[] = [];
  let start = 0;
  let weight = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = Math.max(0, weights[i]!);
    if (i > start && (weight + w > maxWeight || i - start >= maxItems)) {
      chunks.push({ start, end: i, weight });
      start = i;
      weight = 0;
    }
    weight += w;
  }
  if (weights.length > start) chunks.push({ start, end: weights.length, weight });
  return chunks;
}
