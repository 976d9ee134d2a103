import type { Condition, SegmentDefinition } from "@/lib/segments/definition";

// A canonical text for a definition: key order, rule order inside all/any groups and
// filter order don't change meaning, so they don't change this either. Used to tell a
// real definition change (new version) from a re-save, and to spot duplicated logic
// (the linter's "same rules as segment X"). Shared with the browser.

export function canonicalDefinition(def: SegmentDefinition): string {
  return stable({
    match: def.conditions.length <= 1 ? "all" : def.match,
    conditions: sortedRules(def.conditions),
    cap: def.cap?.days ?? null,
  });
}

function sortedRules(conditions: Condition[]): unknown[] {
  return conditions
    .map((c) =>
      c.type === "group"
        ? { ...c, match: c.conditions.length === 1 ? "all" : c.match, conditions: sortedRules(c.conditions) }
        : normalize(c),
    )
    .map((c) => [stable(c), c] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => JSON.parse(stable(c)));
}

function normalize(c: Condition): unknown {
  const out: Record<string, unknown> = { ...c };
  for (const key of ["where"] as const) if (Array.isArray(out[key])) out[key] = [...(out[key] as unknown[])].map(stable).sort();
  if (c.type === "sequence") {
    out.did = { ...c.did, where: c.did.where?.map(stable).sort() };
    if (c.noneSince) out.noneSince = { ...c.noneSince, where: c.noneSince.where?.map(stable).sort() };
  }
  return out;
}

/** JSON with object keys sorted, undefined and empty filter lists dropped. */
export function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (Array.isArray(v) && v.length === 0) return undefined;
    if (v && typeof v === "object" && !Array.isArray(v))
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .filter((k) => v[k] !== undefined)
          .map((k) => [k, v[k]]),
      );
    return v;
  });
}
