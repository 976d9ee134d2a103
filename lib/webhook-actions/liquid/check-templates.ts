import type { ActionRequest } from "@/lib/webhook-actions/action-schemas";
import { MAX_TEMPLATE_BYTES } from "@/lib/webhook-actions/action-schemas";
import type { ActionScope, TriggerKind } from "@/lib/webhook-actions/liquid/build-scope";
import { compileTemplate } from "@/lib/webhook-actions/liquid/compile-template";
import { renderActionRequest } from "@/lib/webhook-actions/liquid/render-request";
import { hasMarkerDelimiter } from "@/lib/webhook-actions/liquid/secret-markers";
import { secretUseProblems } from "@/lib/webhook-actions/liquid/secret-use-problems";
import type { TemplateField, TemplateProblem } from "@/lib/webhook-actions/liquid/template-problem";

// What a save refuses in an action's templates, each problem placed at its field, line and
// column: a template that does not parse (unknown tags and filters included), a secret used other
// than bare or not defined, a variable that is not in scope (a typo like `custmer`), a reserved
// header, the marker delimiters in the template's own text (secret-markers.ts), and a URL that
// cannot be right whatever the person (not https, credentials typed in, no host). The URL is
// checked by rendering it for a person with no data at all: what is still wrong then is wrong
// for everyone.

const RESERVED_HEADER = /^(content-length|host|webhook-.*|x-downstream-.*)$/i;

export function checkActionTemplates(
  request: ActionRequest,
  secretNames: readonly string[],
  opts: { triggerKind?: TriggerKind } = {},
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const fields: [TemplateField, string][] = [
    ["url", request.url],
    ...request.headers.map((h, i): [TemplateField, string] => [`headers.${i}.value`, h.value]),
    ["body", request.body],
  ];
  request.headers.forEach((h, i) => {
    if (RESERVED_HEADER.test(h.name.trim()))
      problems.push({ field: `headers.${i}.name`, message: `${h.name} is set by Downstream; remove this header.` });
    if (/[\r\n]/.test(h.value)) problems.push({ field: `headers.${i}.value`, message: "A header value cannot contain a line break." });
  });
  let parses = true;
  for (const [field, source] of fields) {
    if (Buffer.byteLength(source) > MAX_TEMPLATE_BYTES) {
      problems.push({ field, message: "The template is over 64 KB; keep templates under 64 KB." });
      parses = false;
      continue;
    }
    if (hasMarkerDelimiter(source))
      problems.push({ field, message: "The template contains a reserved character (U+E000 or U+E001); remove it." });
    const compiled = compileTemplate(source);
    if (!compiled.ok) {
      problems.push({ field, ...compiled.error });
      parses = false;
      continue;
    }
    problems.push(...secretUseProblems(field, compiled.secretUses, secretNames));
    for (const u of compiled.unknownRoots)
      problems.push({
        field,
        line: u.line,
        column: u.column,
        message: `"${u.name}" is not something a template can use; use customer, event, segment, trigger or secrets.`,
      });
  }
  if (parses && !problems.some((p) => p.field === "url")) {
    const blank: ActionScope = {
      customer: {
        id: null,
        external_id: null,
        profile_id: "0",
        email: null,
        phone: null,
        created_at: null,
        first_seen_at: "",
        last_seen_at: "",
      },
      trigger: { kind: opts.triggerKind ?? "enter", at: new Date(0).toISOString() },
    };
    const trial = renderActionRequest({ ...request, headers: [], body: "" }, blank, { secretNames });
    if (!trial.ok) problems.push(...trial.problems.filter((p) => p.field === "url"));
  }
  return problems;
}
