import type { ActionRequest } from "@/lib/webhook-actions/action-schemas";
import type { ActionScope } from "@/lib/webhook-actions/liquid/build-scope";
import { compileTemplate, withMissingSink, type MissingHit } from "@/lib/webhook-actions/liquid/compile-template";
import type { Context } from "liquidjs";
import { MAX_RENDERED_CHARS, RenderTooLargeError, renderContext, renderTemplatesSync } from "@/lib/webhook-actions/liquid/liquid-engine";
import { checkRenderedUrl } from "@/lib/webhook-actions/liquid/check-rendered-url";
import { secretRefs } from "@/lib/webhook-actions/liquid/secret-markers";
import { secretUseProblems } from "@/lib/webhook-actions/liquid/secret-use-problems";
import type { TemplateField, TemplateProblem } from "@/lib/webhook-actions/liquid/template-problem";

// One request rendered from an action's templates and one person's scope. Never throws for
// anything a template or a person's data can do: a parse error, a render error, a hostile loop, a
// bad URL, a header with a line break or a body over 1 MB is a problem (the request cannot go),
// and a value that printed nothing is a warning (it goes, and the simulator shows where).
// Secrets render as markers (secret-markers.ts); the sender fills them in.

export const MAX_BODY_BYTES = 1024 * 1024;

export type RenderedRequest = { method: ActionRequest["method"]; url: string; headers: [string, string][]; body: string };

export type RenderResult =
  | { ok: true; request: RenderedRequest; warnings: TemplateProblem[] }
  | { ok: false; problems: TemplateProblem[]; warnings: TemplateProblem[] };

export type RenderOptions = { secretNames?: readonly string[] };

export function renderActionRequest(request: ActionRequest, scope: ActionScope, opts: RenderOptions = {}): RenderResult {
  const secretNames = opts.secretNames ?? [];
  const liquidScope = { ...scope, secrets: secretRefs(secretNames) };
  const problems: TemplateProblem[] = [];
  const warnings: TemplateProblem[] = [];
  // One context for the request's plain templates (fast-render.ts); templates with tags get their own.
  let ctx: Context | undefined;
  const fastCtx = () => (ctx ??= renderContext(liquidScope));
  const render = (field: TemplateField, source: string) =>
    renderField(field, source, liquidScope, fastCtx, secretNames, problems, warnings);

  const url = render("url", request.url).trim();
  if (url !== "" || !problems.some((p) => p.field === "url")) problems.push(...checkRenderedUrl(url));

  const headers: [string, string][] = [];
  request.headers.forEach((h, i) => {
    const field = `headers.${i}.value` as const;
    const value = render(field, h.value).trim();
    if (/[\r\n]/.test(value))
      problems.push({ field, message: `The ${h.name} header renders with a line break, which a header cannot contain.` });
    else if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value))
      problems.push({ field, message: `The ${h.name} header renders with a control character.` });
    headers.push([h.name, value]);
  });

  const body = request.body === "" ? "" : render("body", request.body);
  if (Buffer.byteLength(body) > MAX_BODY_BYTES)
    problems.push({ field: "body", message: "The body renders to more than 1 MB, the most a request may carry." });
  else if (body !== "") {
    const declared = headers.find(([n]) => n.toLowerCase() === "content-type");
    const looksJson = /^\s*[[{]/.test(body);
    if (!declared) headers.push(["Content-Type", looksJson ? "application/json" : "text/plain; charset=utf-8"]);
    if (declared ? /json/i.test(declared[1]) : looksJson) {
      const bad = jsonProblem(body);
      if (bad) warnings.push(bad);
    }
  }

  if (problems.length) return { ok: false, problems, warnings };
  return { ok: true, request: { method: request.method, url, headers, body }, warnings };
}

function renderField(
  field: TemplateField,
  source: string,
  scope: object,
  fastCtx: () => Context,
  secretNames: readonly string[],
  problems: TemplateProblem[],
  warnings: TemplateProblem[],
): string {
  const compiled = compileTemplate(source);
  if (!compiled.ok) {
    problems.push({ field, ...compiled.error });
    return "";
  }
  const refused = secretUseProblems(field, compiled.secretUses, secretNames);
  if (refused.length) {
    problems.push(...refused);
    return "";
  }
  const hits: MissingHit[] = [];
  let out: string;
  try {
    if (compiled.fast) {
      out = compiled.fast(fastCtx(), hits);
      if (out.length > MAX_RENDERED_CHARS) throw new RenderTooLargeError();
    } else out = withMissingSink(hits, () => renderTemplatesSync(compiled.templates, scope));
  } catch (e) {
    problems.push({ field, ...renderErrorOf(e) });
    return "";
  }
  const seen = new Set<string>();
  for (const h of hits) {
    const key = `${h.line}:${h.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    warnings.push({ field, line: h.line, column: h.column, message: missingMessage(h.path, scope as ActionScope) });
  }
  return out;
}

/** "customer.cart_value is not set for this person; it rendered as empty". */
export function missingMessage(path: string, scope: ActionScope): string {
  const root = /^[A-Za-z_][\w-]*/.exec(path)?.[0];
  const tail = "; it rendered as empty";
  if (root === "customer") return `${path} is not set for this person${tail}`;
  if (root === "event") return scope.event ? `${path} is not set on this event${tail}` : `${path}: this trigger has no event${tail}`;
  if (root === "segment") return scope.segment ? `${path} is not set${tail}` : `${path}: this trigger has no segment${tail}`;
  return `${path} is not set${tail}`;
}

function renderErrorOf(e: unknown): { line?: number; column?: number; message: string } {
  if (e instanceof RenderTooLargeError) return { message: "The template renders to more than 1 MB, the most a request may carry." };
  const err = e as Error & { token?: { getPosition(): [number, number] } };
  const at = err.token ? err.token.getPosition() : undefined;
  const where = at ? { line: at[0], column: at[1] } : {};
  if (/limit exceeded/.test(err.message ?? ""))
    return { ...where, message: "The template takes too long or too much memory to render (a loop over too many items?)." };
  const raw = String(err.message ?? err).replace(/, (file:[^,]*, )?line:\d+, col:\d+$/, "");
  return { ...where, message: `The template could not be rendered: ${raw}.` };
}

/** Where a body that says it is JSON stops being JSON (often a missing value leaving `"cart": ,`). */
function jsonProblem(body: string): TemplateProblem | null {
  try {
    JSON.parse(body);
    return null;
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    if (!pos) return { field: "body", message: "The rendered body is not valid JSON." };
    const before = body.slice(0, Number(pos[1]));
    const line = before.split("\n").length;
    const column = Number(pos[1]) - before.lastIndexOf("\n");
    // The position is in the rendered body, not the template, so it goes in the words, not in line/column.
    return {
      field: "body",
      message: `The rendered body is not valid JSON at line ${line}, column ${column} (a value that printed nothing?).`,
    };
  }
}
