import { EchoTag, LiquidError, Output, TypeGuards, type Template, type Value } from "liquidjs";
import { fastRenderer, type FastRender } from "@/lib/webhook-actions/liquid/fast-render";
import { ALLOWED_ROOTS, MAX_RENDERED_CHARS, liquidEngine, printed, stringify } from "@/lib/webhook-actions/liquid/liquid-engine";

// Parsing a template once, and learning what it needs to know about it before any render:
// - each printed variable without a `default` filter is instrumented so that, when it prints
//   nothing (not set, or null), the render records a warning at its line and column (a missing
//   cart_value must not silently become an empty string). Only printed values are instrumented:
//   `{% if customer.vip %}` asking whether something is set is not a mistake;
// - where secrets are used, and whether each use is bare ({{ secrets.name }}) — anything else
//   would send a transformed marker (see secret-markers.ts);
// - variables whose root is not in scope (a typo like `custmer.email`).
// Compiled templates are cached by their source: the runtime renders the same few templates
// thousands of times, and a new version of an action is simply a new source.

export type Position = { line: number; column: number };
export type MissingHit = Position & { path: string };
export type SecretUse = Position & { name: string | null; bare: boolean };

export type CompiledTemplate =
  | {
      ok: true;
      templates: Template[];
      /** Set when the template is only text and plain outputs (fast-render.ts). */
      fast: FastRender | null;
      secretUses: SecretUse[];
      unknownRoots: (Position & { name: string })[];
      usesEvent: boolean;
      usesSegment: boolean;
    }
  | { ok: false; error: Position & { message: string } };

// The render sets this for the duration of one synchronous render (renders never interleave:
// renderSync runs to completion), and instrumented outputs push to it.
let missingSink: MissingHit[] | null = null;

export function withMissingSink<T>(sink: MissingHit[], fn: () => T): T {
  const before = missingSink;
  missingSink = sink;
  try {
    return fn();
  } finally {
    missingSink = before;
  }
}

const CACHE_MAX = 2_000;
const cache = new Map<string, CompiledTemplate>();

export function compileTemplate(source: string): CompiledTemplate {
  const hit = cache.get(source);
  if (hit) return hit;
  const compiled = compile(source);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(source, compiled);
  return compiled;
}

function compile(source: string): CompiledTemplate {
  const engine = liquidEngine();
  let templates: Template[];
  try {
    templates = engine.parse(source);
  } catch (e) {
    return { ok: false, error: parseErrorOf(e) };
  }
  // Before instrumenting: the fast renderer records missing values itself.
  const fast = fastRenderer(templates, engine, printed, stringify, MAX_RENDERED_CHARS);
  const bare = new Set<string>();
  walk(templates, (value) => instrument(value, bare));
  const analysis = engine.analyzeSync(templates, { partials: false });
  const secretUses: SecretUse[] = (analysis.variables.secrets ?? []).map((v) => {
    const at = { line: v.location.row, column: v.location.col };
    const name = typeof v.segments[1] === "string" && v.segments.length === 2 ? v.segments[1] : null;
    return { ...at, name, bare: name !== null && bare.has(`${at.line}:${at.column}`) };
  });
  const allowed = new Set<string>(ALLOWED_ROOTS);
  const unknownRoots = Object.entries(analysis.globals)
    .filter(([name]) => !allowed.has(name))
    .map(([name, uses]) => ({ name, line: uses[0]!.location.row, column: uses[0]!.location.col }));
  return {
    ok: true,
    templates,
    fast,
    secretUses,
    unknownRoots,
    usesEvent: "event" in analysis.globals,
    usesSegment: "segment" in analysis.globals,
  };
}

/** Calls `visit` for the value of every {{ output }} and {% echo %}, at any depth (if, for, case, capture…). */
function walk(templates: Template[], visit: (value: Value) => void) {
  for (const t of templates) {
    if (t instanceof Output) visit(t.value);
    else if (t instanceof EchoTag) {
      const echoed = (t as unknown as { value?: Value }).value;
      if (echoed) visit(echoed);
    }
    const withChildren = t as Template & { children?: (partials: boolean, sync: boolean) => Generator<unknown, Template[]> };
    if (typeof withChildren.children === "function") {
      const it = withChildren.children(false, true);
      let step = it.next();
      while (!step.done) step = it.next();
      walk(step.value ?? [], visit);
    }
  }
}

type Evaluate = (ctx: unknown, lenient?: boolean) => Generator<unknown, unknown, unknown>;

function instrument(value: Value, bare: Set<string>) {
  const postfix = value.initial.postfix;
  if (postfix.length !== 1 || !TypeGuards.isPropertyAccessToken(postfix[0])) return;
  const token = postfix[0];
  const [line, column] = token.getPosition();
  const path = token.getText();
  // The output escape is appended as the last filter (named after the function); it is not the user's.
  const filters = value.filters.map((f) => f.name).filter((n) => !n.startsWith("[object") && !n.startsWith("function"));
  if (/^secrets\b/.test(path)) {
    if (filters.length === 0) bare.add(`${line}:${column}`);
    return;
  }
  if (filters.includes("default")) return;
  const hit: MissingHit = { line, column, path };
  const expr = value.initial as unknown as { evaluate: Evaluate };
  const evaluate = expr.evaluate.bind(expr);
  expr.evaluate = function* (ctx, lenient) {
    const v = yield evaluate(ctx, lenient);
    if ((v === undefined || v === null) && missingSink) missingSink.push(hit);
    return v;
  };
}

/** A parse failure in words, with where it is. liquidjs appends ", line:X, col:Y" to its messages; the position goes in the fields instead. */
function parseErrorOf(e: unknown): Position & { message: string } {
  const err = (e as { errors?: unknown[] }).errors?.[0] ?? e;
  if (!(err instanceof LiquidError)) return { line: 1, column: 1, message: (err as Error).message ?? String(err) };
  const [line, column] = (err as LiquidError & { token: { getPosition(): [number, number] } }).token.getPosition();
  const raw = err.message.replace(/, (file:[^,]*, )?line:\d+, col:\d+$/, "");
  return { line, column, message: humanParseError(raw) };
}

function humanParseError(raw: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^undefined filter: (.+)$/.exec(raw))) return `There is no filter called "${m[1]}".`;
  if ((m = /^tag "(include|render|layout|block)" not found$/.exec(raw)))
    return `Templates cannot use {% ${m[1]} %}: they cannot load other files.`;
  if ((m = /^tag "(end\w+)" not found$/.exec(raw))) return `{% ${m[1]} %} has no opening tag to close.`;
  if ((m = /^tag "(.+)" not found$/.exec(raw))) return `There is no tag called "${m[1]}".`;
  if ((m = /^tag (\{%.*%\}) not closed$/s.exec(raw))) return `${m[1]} is never closed (its end tag is missing).`;
  if (/^output ".*" not closed$/s.test(raw)) return `A "{{" is never closed with "}}".`;
  if (/^tag ".*" not closed$/s.test(raw)) return `A "{%" is never closed with "%}".`;
  if (/^parse length limit exceeded$/.test(raw)) return "The template is too long.";
  return `${raw.charAt(0).toUpperCase()}${raw.slice(1)}.`;
}
