// Connectors already return redacted request/response summaries (contract.ts); this is the
// engine's second line of defence before anything reaches a run record: secret-looking keys are
// masked, long strings cut, big arrays summarized, so a run page can never leak a credential or
// balloon to megabytes.
const SECRET_KEY = /token|secret|password|authorization|api[-_]?key|credential|signature|cookie/i;
const MAX_STRING = 500;
const MAX_ARRAY = 20;
const MAX_DEPTH = 6;

export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "string") return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} chars)` : value;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (depth >= MAX_DEPTH) return "…";
  if (Array.isArray(value)) {
    const head = value.slice(0, MAX_ARRAY).map((v) => redact(v, depth + 1));
    return value.length > MAX_ARRAY ? [...head, `… ${value.length - MAX_ARRAY} more`] : head;
  }
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1)]),
    );
  }
  return String(value);
}
