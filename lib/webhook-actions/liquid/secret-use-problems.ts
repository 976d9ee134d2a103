import type { SecretUse } from "@/lib/webhook-actions/liquid/compile-template";
import type { TemplateField, TemplateProblem } from "@/lib/webhook-actions/liquid/template-problem";

/**
 * Secrets may be printed only bare, {{ secrets.name }}, and only if the action has that secret.
 * Through a filter (| upcase, | base64_encode…), in a tag ({% assign %}, {% if %}) or as a filter's
 * argument the value would be sent transformed or not at all: the marker that stands for it
 * (secret-markers.ts) is filled in only where it appears unchanged.
 */
export function secretUseProblems(field: TemplateField, uses: SecretUse[], secretNames: readonly string[]): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const u of uses) {
    const at = { field, line: u.line, column: u.column };
    if (!u.bare)
      problems.push({
        ...at,
        message: `A secret can only be used on its own, as {{ secrets.${u.name ?? "name"} }}: through a filter or inside a tag it would be sent changed.`,
      });
    else if (!secretNames.includes(u.name!))
      problems.push({ ...at, message: `There is no secret called "${u.name}". Add it under Secrets, or correct the name.` });
  }
  return problems;
}
