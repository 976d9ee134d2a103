import type { ConfigDocument } from "@/lib/config-as-code/config-document";

// One byte-exact text per document, so an export diffs cleanly in git and export → apply →
// export reproduces the file: object keys sorted (version, key and name first, for reading),
// array order kept (it carries meaning: rule order, identifier preference), 2-space indent,
// trailing newline.

const FIRST = ["version", "key", "name"];

function order(a: string, b: string): number {
  const ia = FIRST.indexOf(a);
  const ib = FIRST.indexOf(b);
  if (ia !== -1 || ib !== -1) return (ia === -1 ? FIRST.length : ia) - (ib === -1 ? FIRST.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => order(a, b)).map(([k, v]) => [k, sortKeys(v)]));
}

export function serializeConfig(doc: ConfigDocument): string {
  return `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
}
