// Conditions on an event's properties, as the event stream and webhook action forms edit them:
// the operators in words, and how a typed value becomes what the API takes.

export const OPS = [
  ["equals", "is"],
  ["not_equals", "is not"],
  ["contains", "contains"],
  ["in", "is one of (comma-separated)"],
  ["exists", "is set"],
  ["not_exists", "is not set"],
] as const;

// `saved` is a saved filter's value as stored (a number stays a number when its text is unchanged).
export type Filter = { property: string; op: (typeof OPS)[number][0]; value: string; saved?: unknown };

export function filterText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

export function filterValue(f: Filter): unknown {
  if (f.op === "exists" || f.op === "not_exists") return undefined;
  if (f.saved !== undefined && filterText(f.saved) === f.value) return f.saved;
  if (f.op === "in")
    return f.value
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
  return f.value;
}
