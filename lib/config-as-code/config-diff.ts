// Field-level differences between a workspace entry and the file's, as dotted paths with
// before and after values: what `config plan` prints under an update.

export type FieldChange = { path: string; before: unknown; after: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function diffFields(before: unknown, after: unknown, path = ""): FieldChange[] {
  const at = (k: string | number) => (typeof k === "number" ? `${path}[${k}]` : path ? `${path}.${k}` : k);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffFields(before[k], after[k], at(k)));
  }
  // Same-length lists are compared item by item (a changed rule shows alone); otherwise whole.
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((v, i) => diffFields(v, after[i], at(i)));
  }
  return same(before, after) ? [] : [{ path, before: before ?? null, after: after ?? null }];
}

function same(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}
