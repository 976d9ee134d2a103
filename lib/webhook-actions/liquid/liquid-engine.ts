import { createHash } from "node:crypto";
import { Context, Liquid, toValueSync, toValue, type Template } from "liquidjs";
import { SecretRef, stripMarkerDelimiters } from "@/lib/webhook-actions/liquid/secret-markers";

// The one Liquid engine for webhook actions (liquidjs, the dialect Customer.io users write).
// Hardened for templates typed by editors and data sent by anyone:
// - no file access: include/render/layout/block are removed (a template could otherwise read
//   files off the server), and the loader has no templates to find;
// - own properties only, so {{ customer.constructor }} or __proto__ reach nothing;
// - unknown filters are parse errors (strictFilters), reported with line and column;
// - limits against hostile templates: parse length, render time, memory charged by filters and
//   ranges, and the rendered size itself (a loop printing literal text charges no filter, so the
//   emitter counts what it is given and stops at MAX_RENDERED_CHARS);
// - dates in UTC unless a template says otherwise, so a render does not depend on the server's zone;
// - every printed value passes outputEscape: a SecretRef becomes its marker, anything else loses
//   the marker delimiters (see secret-markers.ts for why).

/** Rendered text larger than this stops the render (the body limit is 1 MB; this leaves room for the check to say so). */
export const MAX_RENDERED_CHARS = 1_100_000;
/** Milliseconds one template may take to render (wall time, so generous: a busy machine must not fail a fair template). */
export const RENDER_LIMIT_MS = 1_000;
/** Characters and range items filters and loops may allocate in one render. */
export const MEMORY_LIMIT = 4_000_000;

export class RenderTooLargeError extends Error {
  constructor() {
    super("The template renders to more than 1 MB.");
    this.name = "RenderTooLargeError";
  }
}

export function printed(value: unknown): unknown {
  if (value instanceof SecretRef) return value.marker;
  if (typeof value === "string") return stripMarkerDelimiters(value);
  if (value === null || value === undefined || typeof value === "number" || typeof value === "boolean") return value;
  return stripMarkerDelimiters(stringify(value));
}

export function stringify(value: unknown): string {
  const v = toValue(value);
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map(stringify).join("");
  return String(v);
}

/**
 * sha256: hex SHA-256 of the value trimmed and lowercased, the normal form ad platforms and CRMs
 * expect for a hashed email or id. Not for phone numbers in other forms: those should be
 * normalized to E.164 before hashing (customer.phone already is).
 */
function sha256(this: unknown, value: unknown): string {
  const v = toValue(value);
  if (v === null || v === undefined) return "";
  return createHash("sha256").update(stringify(v).trim().toLowerCase(), "utf8").digest("hex");
}

/**
 * json: like Liquid's, but nothing prints null (valid JSON) instead of nothing (a hole in the body).
 * The memory limit is charged once for the whole text rather than per value (the built-in's
 * replacer costs more than the stringify itself).
 */
function json(this: { context: Context }, value: unknown, space?: unknown): string {
  if (value === undefined) return "null";
  const text = JSON.stringify(value, null, typeof space === "number" ? Math.min(space, 10) : 0) ?? "null";
  (this.context as unknown as { memoryLimit: { use(n: number): void } }).memoryLimit.use(text.length);
  return text;
}

export const ALLOWED_ROOTS = ["customer", "event", "segment", "trigger", "secrets"] as const;

function createEngine(): Liquid {
  const engine = new Liquid({
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    outputEscape: printed as (value: unknown) => string,
    timezoneOffset: 0,
    parseLimit: 300_000,
    renderLimit: RENDER_LIMIT_MS,
    memoryLimit: MEMORY_LIMIT,
    templates: {},
    relativeReference: false,
    greedy: false,
  });
  for (const tag of ["include", "render", "layout", "block"]) delete engine.tags[tag];
  engine.registerFilter("json", json);
  engine.registerFilter("sha256", sha256);
  // The built-in raw filter skips the output escape; ours is an ordinary pass-through, so it cannot be used to print a forged marker.
  engine.registerFilter("raw", (v: unknown) => v);
  return engine;
}

let shared: Liquid | undefined;
export const liquidEngine = (): Liquid => (shared ??= createEngine());

/** A render's context: its scope, and the time and memory limits counted from now. */
export function renderContext(scope: object): Context {
  const engine = liquidEngine();
  return new Context(scope, engine.options, { sync: true }, { liquid: engine });
}

/** Renders parsed templates with the limits above, synchronously (a render is CPU only). */
export function renderTemplatesSync(templates: Template[], scope: object): string {
  const engine = liquidEngine();
  const ctx = renderContext(scope);
  const emitter = {
    buffer: "",
    write(html: unknown) {
      this.buffer += stringify(html);
      if (this.buffer.length > MAX_RENDERED_CHARS) throw new RenderTooLargeError();
    },
  };
  toValueSync(engine.renderer.renderTemplates(templates, ctx, emitter));
  return emitter.buffer;
}
