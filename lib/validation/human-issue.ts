import { z } from "zod";

// One mapping from schema issues to the sentence a person reads ("Name must be 120
// characters or fewer"), used by every form (server actions), the segment builder and the
// API's `issues`. Shared with the browser: pure, no server imports.
//
// Where a label comes from, in order: the `.meta({ label })` of the schema that raised the
// issue (one place per schema), else the last named key of the path, humanized
// ("refreshIntervalMinutes" → "Refresh interval minutes"). A message a schema wrote itself
// (`.min(1, "Give the segment a name")`) is already written for people and is kept as is.

/** What the mapping needs from an issue: zod's raw issue (error map) or a finalized one. */
export type IssueLike = {
  code: string;
  path?: PropertyKey[];
  input?: unknown;
  [k: string]: unknown;
};

type Sized = { origin?: string; minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean; exact?: boolean };

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  bigint: "a whole number",
  boolean: "yes or no (true or false)",
  array: "a list",
  object: "a set of fields",
  date: "a date",
  null: "empty",
};

const FORMAT_WORDS: Record<string, string> = {
  email: "an email address, like name@example.com",
  url: "a web address, like https://example.com",
  datetime: "a date and time, like 2026-01-31T00:00:00Z",
  date: "a date, like 2026-01-31",
  time: "a time, like 14:30",
  uuid: "an ID",
  cuid: "an ID",
  cuid2: "an ID",
  e164: "a phone number in international format, like +14155550123",
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
  json_string: "JSON text",
  base64: "base64 text",
};

const quote = (v: unknown) => (typeof v === "string" ? `“${v}”` : String(v));

/** "a, b or c" */
export function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/** "refreshIntervalMinutes" → "Refresh interval minutes"; "segmentId" → "Segment"; "apiBaseUrl" → "API base URL". */
export function labelFromKey(key: string): string {
  const words = key
    .replace(/Ids?$/, (m) => (m === "Ids" ? "s" : ""))
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .split(/\s+/)
    .map((w) => (/^(api|url|id|csv|sql|ip|utc)$/i.test(w) ? w.toUpperCase() : w.toLowerCase()));
  const text = words.join(" ");
  return text ? text[0]!.toUpperCase() + text.slice(1) : "This field";
}

/** The last named key of a path, as a label; "This field" for a root value. */
export function labelFromPath(path: readonly PropertyKey[] = []): string {
  const key = [...path].reverse().find((p) => typeof p === "string" && p !== "");
  return typeof key === "string" ? labelFromKey(key) : "This field";
}

function sizeLimit(issue: Sized, bound: number | bigint, big: boolean): string {
  const n = Number(bound);
  switch (issue.origin) {
    case "string":
      if (!big && n === 1) return "is required";
      if (issue.exact) return `must be exactly ${n} ${n === 1 ? "character" : "characters"}`;
      return big ? `must be ${n} ${n === 1 ? "character" : "characters"} or fewer` : `must be at least ${n} characters`;
    case "array":
    case "set":
      if (!big && n === 1) return "needs at least one item";
      if (issue.exact) return `must have exactly ${n} ${n === 1 ? "item" : "items"}`;
      return big ? `can have at most ${n} ${n === 1 ? "item" : "items"}` : `needs at least ${n} items`;
    case "date":
      return big ? `must be on or before ${new Date(n).toISOString()}` : `must be on or after ${new Date(n).toISOString()}`;
    default:
      if (issue.exact) return `must be exactly ${n.toLocaleString("en-US")}`;
      if (big)
        return issue.inclusive === false
          ? `must be less than ${n.toLocaleString("en-US")}`
          : `must be ${n.toLocaleString("en-US")} or less`;
      return issue.inclusive === false ? `must be more than ${n.toLocaleString("en-US")}` : `must be at least ${n.toLocaleString("en-US")}`;
  }
}

/**
 * The human message for one issue about the field called `label`. `received` is how a
 * finalized issue (which has dropped its input) says what it got, e.g. "undefined".
 */
export function humanMessage(issue: IssueLike, label: string, received?: string): string {
  const i = issue as IssueLike & Sized & { expected: string; format: string };
  const missing = received === "undefined";
  switch (i.code) {
    case "invalid_type": {
      if (missing) return `${label} is required`;
      if (i.expected === "number" && (received === "NaN" || i.received === "NaN" || Number.isNaN(i.input)))
        return `${label} needs a number`;
      return `${label} must be ${TYPE_WORDS[i.expected] ?? i.expected}`;
    }
    case "too_small":
      return `${label} ${sizeLimit(i, i.minimum ?? 0, false)}`;
    case "too_big":
      return `${label} ${sizeLimit(i, i.maximum ?? 0, true)}`;
    case "invalid_format":
      if (i.format === "starts_with") return `${label} must start with ${quote(i.prefix)}`;
      if (i.format === "ends_with") return `${label} must end with ${quote(i.suffix)}`;
      if (i.format === "includes") return `${label} must include ${quote(i.includes)}`;
      if (i.format === "regex") return `${label} has characters that are not allowed`;
      return `${label} must be ${FORMAT_WORDS[i.format] ?? `a valid ${String(i.format).replace(/_/g, " ")}`}`;
    case "invalid_value": {
      const values = (i.values as unknown[]) ?? [];
      return values.length === 1 ? `${label} must be ${quote(values[0])}` : `${label} must be one of ${orList(values.map(quote))}`;
    }
    case "invalid_union":
      if (Array.isArray(i.options) && i.options.length) return `${label} must be one of ${orList(i.options.map(quote))}`;
      return `${label} is not a value we can use`;
    case "unrecognized_keys": {
      const keys = (i.keys as string[]) ?? [];
      return `${keys.length === 1 ? "Unknown field" : "Unknown fields"}: ${keys.join(", ")}; remove ${keys.length === 1 ? "it" : "them"}`;
    }
    case "not_multiple_of":
      return `${label} must be a multiple of ${i.divisor}`;
    case "invalid_key":
      return `${label} has a key that is not allowed`;
    case "invalid_element":
      return `${label} has a value that is not allowed`;
    default:
      return `${label} is not valid`;
  }
}

const labelOf = (schema: unknown): string | undefined => {
  if (!schema || typeof schema !== "object") return undefined;
  const label = z.globalRegistry.get(schema as z.ZodType)?.label;
  return typeof label === "string" ? label : undefined;
};

/**
 * The error map: pass it to a parse (`schema.safeParse(input, { error: humanErrorMap })`).
 * It runs only where a schema wrote no message of its own, so those are kept.
 */
export const humanErrorMap: z.core.$ZodErrorMap = (iss) => {
  const raw = iss as unknown as IssueLike & { inst?: unknown; schema?: unknown };
  const label = labelOf(raw.schema) ?? labelOf(raw.inst) ?? labelFromPath(raw.path);
  return { message: humanMessage(raw, label, raw.input === undefined ? "undefined" : undefined) };
};

/** Parses with the human error map: the one way a boundary we own parses input. */
export function safeParseHuman<S extends z.ZodType>(schema: S, input: unknown) {
  return schema.safeParse(input, { error: humanErrorMap }) as z.ZodSafeParseResult<z.output<S>>;
}

/** Like `schema.parse`, but its ZodError carries human messages. */
export function parseHuman<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = safeParseHuman(schema, input);
  if (!parsed.success) throw parsed.error;
  return parsed.data;
}

const english = z.locales.en().localeError;

/**
 * For a ZodError raised by a plain `.parse()` somewhere deeper: replaces zod's stock
 * English ("Too big: expected string to have <=120 characters") with the human message,
 * and leaves messages a schema wrote (or the error map already made) alone.
 */
export function humanizeIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  const label = labelFromPath(issue.path);
  if (issue.code === "invalid_type") {
    const m = /^Invalid input: expected \S+, received (\S+)$/.exec(issue.message);
    return m ? { ...issue, message: humanMessage(issue as unknown as IssueLike, label, m[1]) } : issue;
  }
  const stock = english(issue as never);
  const stockText = typeof stock === "string" ? stock : stock?.message;
  return issue.message === stockText || issue.message === "Invalid input"
    ? { ...issue, message: humanMessage(issue as unknown as IssueLike, label) }
    : issue;
}
