// Paths in a configuration document as an engineer reads them in their editor:
// segments[2].definition.conditions[0].segment.

export type PathPart = string | number;

export function formatPath(parts: readonly PathPart[]): string {
  return parts.reduce<string>((out, p) => (typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${p}` : p), "");
}

/** "conditions.1.window" (the segment validator's form) → ["conditions", 1, "window"]. */
export function splitDotted(path: string): PathPart[] {
  return path
    .split(".")
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Fields present in `input` but gone from `output`: what a non-strict zod object (the segment
 * definition, a connector's settings) silently strips. The document refuses them instead, so a
 * misspelt field never applies as "not set".
 */
export function strippedFields(input: unknown, output: unknown, base: PathPart[] = []): PathPart[][] {
  if (Array.isArray(input) && Array.isArray(output)) {
    return input.flatMap((v, i) => (i < output.length ? strippedFields(v, output[i], [...base, i]) : []));
  }
  if (!isObject(input) || !isObject(output)) return [];
  return Object.keys(input).flatMap((k) => (k in output ? strippedFields(input[k], output[k], [...base, k]) : [[...base, k]]));
}
