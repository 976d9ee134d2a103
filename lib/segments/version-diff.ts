import type { SegmentDefinition } from "@/lib/segments/definition";
import { durationPhrase, describeRules } from "@/lib/segments/describe";

// "What changed" between two versions, in the same words as the description: rules
// added and removed (as their plain-English lines), match all/any, and the cap.

export type VersionChange = { kind: "added" | "removed" | "changed"; text: string };

export function versionChanges(
  before: SegmentDefinition | null,
  after: SegmentDefinition,
  segmentNames: Record<string, string> = {},
): VersionChange[] {
  if (!before) return [{ kind: "added", text: "First version" }];
  const was = describeRules(before, { segmentNames });
  const now = describeRules(after, { segmentNames });
  const changes: VersionChange[] = [
    ...now.filter((l) => !was.includes(l)).map((text) => ({ kind: "added" as const, text })),
    ...was.filter((l) => !now.includes(l)).map((text) => ({ kind: "removed" as const, text })),
  ];
  if (before.match !== after.match && after.conditions.length > 1)
    changes.push({ kind: "changed", text: `Now matches ${after.match === "all" ? "all" : "any"} of the rules` });
  const cap = (d: SegmentDefinition) => (d.cap ? durationPhrase({ amount: d.cap.days, unit: "days" }) : null);
  if (cap(before) !== cap(after))
    changes.push({
      kind: "changed",
      text: after.cap ? `Timebox ${cap(before) ? `changed from ${cap(before)} ` : ""}to ${cap(after)}` : "Timebox removed",
    });
  return changes.length ? changes : [{ kind: "changed", text: "Same rules, reworded or reordered" }];
}
