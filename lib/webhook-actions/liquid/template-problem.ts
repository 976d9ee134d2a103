// One thing wrong (a problem: the request cannot go) or worth a look (a warning: it goes, but
// perhaps not as meant) with an action's templates, placed where a person can find it: the
// field as the form shows it, and the line and column inside that template when there is one.

export type TemplateField = "url" | "body" | `headers.${number}.value` | `headers.${number}.name`;

export type TemplateProblem = {
  field: TemplateField;
  line?: number;
  column?: number;
  message: string;
};

/** "URL", "Body", "Header 2 value": how the form labels a field, for messages read outside the form. */
export function fieldLabel(field: TemplateField): string {
  if (field === "url") return "URL";
  if (field === "body") return "Body";
  const [, n, part] = field.split(".");
  return `Header ${Number(n) + 1} ${part}`;
}

/** "Body, line 3, column 12: …" for a skip reason or a log line. */
export function describeProblem(p: TemplateProblem): string {
  const where = p.line ? `, line ${p.line}${p.column ? `, column ${p.column}` : ""}` : "";
  return `${fieldLabel(p.field)}${where}: ${p.message}`;
}
