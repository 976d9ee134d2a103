import { db } from "@/lib/db";
import { AppError, type FieldIssue } from "@/lib/errors";
import type { ActionDefinition } from "@/lib/webhook-actions/action-schemas";
import { checkActionTemplates } from "@/lib/webhook-actions/liquid/check-templates";
import { fieldLabel, type TemplateField } from "@/lib/webhook-actions/liquid/template-problem";

// What a save (and going live) checks beyond the schema: the templates parse and use only what
// exists (lib/webhook-actions/liquid/check-templates.ts), every secret they name is set, and the
// trigger's segment exists. Each problem names its field, and a template problem its line and
// column, so the form can put the message under the field and the API returns it in `issues`.

/** Problems with the definition as issues with paths like request.body; empty when it is fine. */
export async function definitionIssues(d: ActionDefinition, secretNames: string[]): Promise<FieldIssue[]> {
  const triggerKind = d.trigger.kind === "segment_entered" ? "enter" : d.trigger.kind === "segment_exited" ? "exit" : "event";
  const issues: FieldIssue[] = checkActionTemplates(d.request, secretNames, { triggerKind }).map((p) => ({
    path: `request.${p.field}`,
    message: p.line !== undefined ? `Line ${p.line}, column ${p.column ?? 1}: ${p.message}` : p.message,
  }));
  if (d.trigger.kind !== "event") {
    const segment = await db().segment.findUnique({ where: { id: d.trigger.segmentId }, select: { archivedAt: true } });
    if (!segment) issues.push({ path: "trigger.segmentId", message: "No such segment; choose one from the list" });
    else if (segment.archivedAt) issues.push({ path: "trigger.segmentId", message: "That segment is archived; choose a current one" });
  }
  return issues;
}

function label(path: string): string {
  if (path === "trigger.segmentId") return "Segment";
  return path.startsWith("request.") ? fieldLabel(path.slice("request.".length) as TemplateField) : path;
}

/** Refuses the save, naming every field that has a problem. */
export async function assertDefinitionSaveable(d: ActionDefinition, secretNames: string[]): Promise<void> {
  const issues = await definitionIssues(d, secretNames);
  if (!issues.length) return;
  const summary = issues.map((i) => `${label(i.path)}: ${i.message}`).join("; ");
  throw new AppError("validation_failed", summary, { issues });
}
