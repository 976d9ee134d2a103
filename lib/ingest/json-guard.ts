import { MAX_JSON_DEPTH } from "@/lib/ingest/limits";

// Payload checks JSON.parse does not do but Postgres needs: jsonb refuses \u0000 and lone
// UTF-16 surrogates, and recursion past its stack depth fails the whole statement. One bad
// message must be refused on its own, never take a batch down with it.

// An escape for NUL or a surrogate half, not preceded by an escaped backslash ("\\u0000" is
// a literal backslash then "u0000", which is fine). JSON.stringify escapes lone surrogates
// only, so a hit in its output is always a problem.
const UNSTORABLE_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** Cheap pre-check on a JSON.stringify result; call findUnstorable only when this is true. */
export function hasUnstorableEscape(json: string): boolean {
  // Most bodies have no \u escape at all (JSON.stringify writes non-ASCII as is): a plain substring search clears them.
  return json.includes("\\u") && UNSTORABLE_ESCAPE.test(json);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored in Postgres text or jsonb (NUL, unpaired surrogate), or null. */
export function unstorableReason(s: string): string | null {
  return badString(s);
}

function badString(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character (\\u0000), which cannot be stored";
  if (LONE_SURROGATE.test(s)) return "contains an unpaired UTF-16 surrogate, which is not valid Unicode";
  return null;
}

export type JsonProblem = { path: string; error: string };

/**
 * The first problem in a parsed value: nesting deeper than MAX_JSON_DEPTH, or a key or string
 * Postgres cannot store. Depth-first with an early exit, so recursion never exceeds the limit.
 */
export function findJsonProblem(value: unknown, path = "", depth = 0): JsonProblem | null {
  if (typeof value === "string") {
    const error = badString(value);
    return error ? { path, error } : null;
  }
  if (value === null || typeof value !== "object") return null;
  if (depth >= MAX_JSON_DEPTH) return { path, error: `is nested more than ${MAX_JSON_DEPTH} levels deep` };
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const at = path ? `${path}.${key}` : key;
    const keyError = Array.isArray(value) ? null : badString(key);
    if (keyError) return { path: at, error: `key ${keyError}` };
    const problem = findJsonProblem(child, at, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/**
 * UTF-8 size of a value's JSON, or Infinity when it cannot be serialized (JSON.stringify
 * recurses, and throws on a few thousand levels of nesting that JSON.parse accepted).
 */
export function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(typeof value === "string" ? value : (JSON.stringify(value) ?? ""));
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * True when JSON.stringify(value) is certainly at most `limit` UTF-8 bytes, from a walk that
 * only adds lengths (each UTF-16 unit of a string is at most 6 bytes: a \uXXXX escape; a number
 * at most 25): the hot path sizes every message of a big batch without serializing it. False
 * means "maybe larger": measure exactly with jsonBytes. For values from JSON.parse, within
 * MAX_JSON_DEPTH (check tooDeep first).
 */
export function surelyWithinBytes(value: unknown, limit: number): boolean {
  return remainingBudget(value, limit) >= 0;
}

/** What is left of `budget` after `v`'s upper bound, negative once it ran out (the walk stops there). No closure: it runs per message. */
function remainingBudget(v: unknown, budget: number): number {
  if (typeof v === "string") return budget - (2 + 6 * v.length);
  if (v === null || typeof v !== "object") return budget - 25;
  budget -= 2;
  if (Array.isArray(v)) {
    for (const x of v) if ((budget = remainingBudget(x, budget - 1)) < 0) return budget;
    return budget;
  }
  for (const k in v)
    if ((budget -= 4 + 6 * k.length) < 0 || (budget = remainingBudget((v as Record<string, unknown>)[k], budget)) < 0) return budget;
  return budget;
}

/** Depth only, for hot paths where strings were already screened by hasUnstorableEscape. */
export function tooDeep(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== "object") return false;
  if (depth >= MAX_JSON_DEPTH) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === "object" && tooDeep(v, depth + 1)) return true;
    return false;
  }
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== null && typeof v === "object" && tooDeep(v, depth + 1)) return true;
  }
  return false;
}
