// Problems and warnings about a template, as the editor shows them at their line. They come from
// two places: a refused save (a field error whose message starts "Line 3, column 14: ", as
// lib/webhook-actions/check-action-definition.ts writes it) and the simulator (problems and
// warnings with field, line and column, lib/webhook-actions/liquid/render-request.ts).

/** `where` names the field ("Body", "Header 2") when a list shows several fields' notes. */
export type TemplateNote = { kind: "error" | "warning"; line?: number; column?: number; message: string; where?: string };

type Positioned = { field: string; line?: number; column?: number; message: string };

/** A server field error as a note, its "Line N, column M:" prefix read into a position. */
export function noteFromFieldError(message: string | undefined): TemplateNote[] {
  if (!message) return [];
  const m = /^Line (\d+)(?:, column (\d+))?: ([\s\S]*)$/.exec(message);
  if (!m) return [{ kind: "error", message }];
  return [{ kind: "error", line: Number(m[1]), column: m[2] ? Number(m[2]) : undefined, message: m[3]! }];
}

/** The simulator's problems (errors) and warnings, each naming its field; only `field`'s when given. */
export function simulatorNotes(problems: Positioned[] = [], warnings: Positioned[] = [], field?: string): TemplateNote[] {
  const pick = (list: Positioned[], kind: TemplateNote["kind"]) =>
    list
      .filter((p) => field === undefined || p.field === field)
      .map((p) => ({ kind, line: p.line, column: p.column, message: p.message, where: fieldLabel(p.field) }));
  return [...pick(problems, "error"), ...pick(warnings, "warning")];
}

/** "Body, line 3, column 14", "Line 3", "URL": where a note is, for its list. */
export function noteWhere(n: TemplateNote): string | null {
  const at = n.line ? `line ${n.line}${n.column ? `, column ${n.column}` : ""}` : null;
  const text = [n.where, at].filter(Boolean).join(", ");
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : null;
}

/** "Body", "URL", "Header 2": where a simulator note is, for a list that shows every field's notes. */
export function fieldLabel(field: string): string {
  if (field === "url") return "URL";
  if (field === "body") return "Body";
  const h = /^headers\.(\d+)\.value$/.exec(field);
  return h ? `Header ${Number(h[1]) + 1}` : field;
}
