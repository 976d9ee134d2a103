import { Output, TypeGuards, toValue, toValueSync, type Context, type Filter, type Liquid, type Template } from "liquidjs";
import type { MissingHit } from "@/lib/webhook-actions/liquid/compile-template";

// liquidjs renders through generators, which costs a few microseconds per printed value; at
// 100,000 people entering a segment that is most of the time. Most action templates are only text
// and {{ values | filters }}, so for those this renders the same parsed templates directly: the
// same property reads (Context.readProperty: own properties only, size/first/last), the same
// filter functions called the way liquidjs calls them, and the same output escape. Anything
// else (a tag, an operator, a dynamic [index], a keyword argument) returns null here and the
// template renders through liquidjs. render-request.test.ts renders templates both ways and
// compares.

export type FastRender = (ctx: Context, hits: MissingHit[]) => string;

type Arg = { constant: unknown } | { path: string[] };
type Step = string | { at: MissingHit | null; initial: Arg; filters: { filter: Filter; args: Arg[] }[] };

const isEscape = (f: Filter) => f.name.startsWith("[object") || f.name.startsWith("function");

function argOf(token: unknown): Arg | null {
  if (token && typeof token === "object" && "content" in token) return { constant: (token as { content: unknown }).content };
  if (!TypeGuards.isPropertyAccessToken(token as never)) return null;
  const t = token as { variable?: unknown; props: unknown[] };
  if (t.variable) return null;
  const path: string[] = [];
  for (const p of t.props) {
    if (!p || typeof p !== "object" || !("content" in p)) return null;
    path.push(String((p as { content: unknown }).content));
  }
  return { path };
}

/** A direct renderer for `templates`, or null when they use anything but text and plain outputs. */
export function fastRenderer(
  templates: Template[],
  liquid: Liquid,
  printed: (v: unknown) => unknown,
  stringify: (v: unknown) => string,
  maxChars: number,
): FastRender | null {
  const steps: Step[] = [];
  for (const t of templates) {
    if (t.token.kind === 16 /* HTML */ && "str" in t) {
      steps.push((t as unknown as { str: string }).str);
      continue;
    }
    if (!(t instanceof Output)) return null;
    const postfix = t.value.initial.postfix;
    if (postfix.length !== 1) return null;
    const initial = argOf(postfix[0]);
    if (!initial) return null;
    const filters: { filter: Filter; args: Arg[] }[] = [];
    for (const f of t.value.filters) {
      if (isEscape(f)) continue;
      const args: Arg[] = [];
      for (const a of f.args) {
        if (Array.isArray(a)) return null;
        const arg = argOf(a);
        if (!arg) return null;
        args.push(arg);
      }
      filters.push({ filter: f, args });
    }
    let at: MissingHit | null = null;
    if ("path" in initial && initial.path[0] !== "secrets" && !filters.some((f) => f.filter.name === "default")) {
      const [line, column] = postfix[0]!.getPosition();
      at = { line, column, path: postfix[0]!.getText() };
    }
    steps.push({ at, initial, filters });
  }

  // findScope is private in liquidjs's types but is what every variable read goes through.
  type Reads = { findScope(key: string): unknown; readProperty(obj: unknown, key: unknown): unknown };
  const read = (ctx: Context, path: string[]): unknown => {
    const c = ctx as unknown as Reads;
    let v: unknown = c.findScope(path[0]!);
    for (const key of path) v = c.readProperty(v, key);
    return v;
  };
  const valueOf = (ctx: Context, a: Arg) => ("constant" in a ? a.constant : read(ctx, a.path));

  return (ctx, hits) => {
    let out = "";
    for (const s of steps) {
      if (typeof s === "string") {
        out += s;
      } else {
        let v = valueOf(ctx, s.initial);
        if (s.at && (v === undefined || v === null)) hits.push(s.at);
        for (const { filter, args } of s.filters) {
          const argv = args.map((a) => toValue(valueOf(ctx, a)));
          const f = filter as unknown as { handler: (...a: unknown[]) => unknown; token: unknown };
          v = toValueSync(f.handler.apply({ context: ctx, token: f.token, liquid }, [v, ...argv]));
        }
        out += stringify(toValue(printed(v)));
      }
      if (out.length > maxChars) return out;
    }
    return out;
  };
}
