import { allConditions, type Condition, type SegmentDefinition } from "@/lib/segments/definition";
import type { DefinitionIssue } from "@/lib/segments/validate";

// "In segment X" rules: which segments a definition uses, and the checks that keep those
// references sound (the segment exists; no segment depends on itself, however indirectly,
// which would make its membership undefined). Pure: callers pass the stored definitions.

export type StoredSegment = { id: string; name: string; definition: SegmentDefinition | null };

export function referencedSegmentIds(def: SegmentDefinition): string[] {
  return [
    ...new Set([...allConditions(def.conditions)].filter((c) => c.type === "segment").map((c) => (c as { segmentId: string }).segmentId)),
  ];
}

/** Paths of segment rules, for error messages that point at the offending rule. */
function segmentRulePaths(conditions: Condition[], base: string): { path: string; segmentId: string }[] {
  return conditions.flatMap((c, i) => {
    const path = `${base}.${i}`;
    if (c.type === "segment") return [{ path: `${path}.segmentId`, segmentId: c.segmentId }];
    if (c.type === "group") return segmentRulePaths(c.conditions, `${path}.conditions`);
    return [];
  });
}

/**
 * Problems with a definition's segment references, given every stored segment.
 * `selfId` is the segment being saved (null when creating: nothing can depend on it yet).
 */
export function referenceIssues(
  def: SegmentDefinition,
  selfId: string | null,
  stored: StoredSegment[],
  pathPrefix = "definition",
): DefinitionIssue[] {
  const byId = new Map(stored.map((s) => [s.id, s]));
  const issues: DefinitionIssue[] = [];
  for (const { path, segmentId } of segmentRulePaths(def.conditions, `${pathPrefix}.conditions`)) {
    if (segmentId === selfId) {
      issues.push({ path, message: "A segment cannot include or exclude itself" });
      continue;
    }
    const target = byId.get(segmentId);
    if (!target) {
      issues.push({ path, message: `No segment with id "${segmentId}"` });
      continue;
    }
    const cycle = selfId ? pathBack(segmentId, selfId, byId) : null;
    if (cycle) {
      const names = [selfId!, ...cycle].map((id) => `“${byId.get(id)?.name ?? id}”`).join(" → ");
      issues.push({ path, message: `This would make a loop: ${names}. Segments cannot depend on themselves.` });
    }
  }
  return issues;
}

/** The chain of references from `from` to `to`, if there is one (depth-first). */
function pathBack(from: string, to: string, byId: Map<string, StoredSegment>, seen = new Set<string>()): string[] | null {
  if (from === to) return [to];
  if (seen.has(from)) return null;
  seen.add(from);
  const def = byId.get(from)?.definition;
  if (!def) return null;
  for (const next of referencedSegmentIds(def)) {
    const rest = pathBack(next, to, byId, seen);
    if (rest) return [from, ...rest];
  }
  return null;
}

/** Segments ordered so that every segment comes after the segments it references. */
export function dependencyOrder<T extends { id: string; definition: SegmentDefinition | null }>(segments: T[]): T[] {
  const byId = new Map(segments.map((s) => [s.id, s]));
  const out: T[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (s: T) => {
    if (state.get(s.id)) return; // done, or a stored cycle (refused on save; tolerated here)
    state.set(s.id, "visiting");
    for (const id of s.definition ? referencedSegmentIds(s.definition) : []) {
      const dep = byId.get(id);
      if (dep) visit(dep);
    }
    state.set(s.id, "done");
    out.push(s);
  };
  segments.forEach(visit);
  return out;
}
