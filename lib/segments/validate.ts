import { fieldEntry, OPS_BY_TYPE } from "@/lib/segments/catalog";
import { segmentDefinition, type Condition, type SegmentDefinition } from "@/lib/segments/definition";
import { safeParseHuman } from "@/lib/validation/human-issue";

// Schema validation plus the catalogue's type rules ("more than 90 days ago" on City is
// refused), with every problem named by its path in the document. Shared with the
// browser so the builder and the API give the same answer.

export type DefinitionIssue = { path: string; message: string };
export type ParsedDefinition = { ok: true; definition: SegmentDefinition } | { ok: false; issues: DefinitionIssue[] };

export function parseDefinition(input: unknown, pathPrefix = "definition"): ParsedDefinition {
  const parsed = safeParseHuman(segmentDefinition, input);
  const at = (path: (string | number | symbol)[]) => [pathPrefix, ...path.map(String)].filter(Boolean).join(".");
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: at(i.path), message: i.message })) };
  const issues: DefinitionIssue[] = [];
  checkFields(parsed.data.conditions, ["conditions"], (path, message) => issues.push({ path: at(path), message }));
  return issues.length ? { ok: false, issues } : { ok: true, definition: parsed.data };
}

type Report = (path: (string | number)[], message: string) => void;

function checkFields(conditions: Condition[], base: (string | number)[], report: Report) {
  conditions.forEach((c, i) => {
    const path = [...base, i];
    if (c.type === "group") return checkFields(c.conditions, [...path, "conditions"], report);
    if (c.type !== "attribute") return;
    const field = fieldEntry(c.field);
    if (!field) return; // a custom attribute: the operator decides how its value is read
    if (!OPS_BY_TYPE[field.type].includes(c.op)) {
      report(
        [...path, "op"],
        `"${c.op}" does not apply to ${field.label} (a ${field.type}); use one of ${OPS_BY_TYPE[field.type].join(", ")}`,
      );
      return;
    }
    // Profile columns hold text or timestamps, never JSON numbers or booleans.
    if (field.column && "value" in c && (typeof c.value === "number" || typeof c.value === "boolean") && field.type === "string") {
      report([...path, "value"], `${field.label} is text; put the value in quotes`);
    }
  });
}
