import type { AttributeCondition, PropertyFilter } from "@/lib/segments/definition";
import { durationMs } from "@/lib/segments/definition";
import type { Params } from "@/lib/segments/sql/params";

// Predicates over one value: a JSON value (profile attribute, event property) or a
// whitelisted profile column. Every predicate returned here is NULL-safe (strictly true
// or false), so groups can negate and OR them without SQL's three-valued surprises.
// Semantics, in short: comparisons are typed (the JSON string "5" is not the number 5);
// text matching (contains, starts with) ignores case; negations (not equals, not in,
// does not contain) also match people who have no value at all.

type Op = { op: string; value?: unknown };

const NEGATED: Record<string, string> = { not_equals: "equals", not_in: "in", not_contains: "contains", not_exists: "exists" };

/** Time context: cutoffs are computed in JS from one `now`, so a query is reproducible. */
export type Clock = { now: number };

export function jsonPredicate(expr: string, f: Op, p: Params, clock: Clock): string {
  const positive = NEGATED[f.op];
  if (positive) return `NOT ${jsonPredicate(expr, { op: positive, value: f.value }, p, clock)}`;
  return `COALESCE(${jsonBase(expr, f, p, clock)}, false)`;
}

function jsonBase(expr: string, f: Op, p: Params, clock: Clock): string {
  const text = `(CASE WHEN jsonb_typeof(${expr}) = 'string' THEN ${expr} #>> '{}' END)`;
  const num = `(CASE WHEN jsonb_typeof(${expr}) = 'number' THEN (${expr})::numeric END)`;
  // pg_input_is_valid (PG 16+) makes a malformed date "no value" instead of a query error.
  const date = `(CASE WHEN jsonb_typeof(${expr}) = 'string' AND pg_input_is_valid(${expr} #>> '{}', 'timestamptz') THEN (${expr} #>> '{}')::timestamptz AT TIME ZONE 'UTC' END)`;
  switch (f.op) {
    case "equals":
      return `${expr} = ${p.add(JSON.stringify(f.value), "jsonb")}`;
    case "in":
      return `${expr} = ANY(${p.add(
        (f.value as unknown[]).map((v) => JSON.stringify(v)),
        "jsonb[]",
      )})`;
    case "contains":
      return `strpos(lower(${text}), lower(${p.add(f.value, "text")})) > 0`;
    case "starts_with":
      return `starts_with(lower(${text}), lower(${p.add(f.value, "text")}))`;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return `${num} ${CMP[f.op]} ${p.add(f.value, "numeric")}`;
    case "exists":
      return `jsonb_typeof(${expr}) <> 'null'`;
    case "is_true":
      return `${expr} = 'true'::jsonb`;
    case "is_false":
      return `${expr} = 'false'::jsonb`;
    default:
      return datePredicate(date, f, p, clock);
  }
}

const CMP: Record<string, string> = { gt: ">", gte: ">=", lt: "<", lte: "<=" };

function datePredicate(expr: string, f: Op, p: Params, clock: Clock): string {
  switch (f.op) {
    case "before":
      return `${expr} < ${p.time(Date.parse(f.value as string))}`;
    case "after":
      return `${expr} > ${p.time(Date.parse(f.value as string))}`;
    case "more_than_ago":
      return `${expr} < ${p.time(clock.now - durationMs(f.value as never))}`;
    case "less_than_ago":
      return `${expr} >= ${p.time(clock.now - durationMs(f.value as never))}`;
    default:
      throw new Error(`Unsupported operator ${f.op}`);
  }
}

const DATE_OPS = new Set(["before", "after", "more_than_ago", "less_than_ago"]);

/**
 * A date comparison on an indexed attribute (catalog.ts `indexed`), in the form its expression
 * index matches: segment_json_timestamp() reads the value as jsonBase does. The IS NOT NULL
 * keeps it strictly true or false (NULL AND false is false) without a COALESCE, which would
 * hide the comparison from the index. Null for other operators (they read the JSON).
 */
export function indexedDatePredicate(key: string, f: Op, p: Params, clock: Clock): string | null {
  if (!DATE_OPS.has(f.op)) return null;
  if (!/^[a-z_]+$/.test(key)) throw new Error(`Not a catalogue key: ${key}`);
  const expr = `segment_json_timestamp(p.attributes -> '${key}')`;
  return `(${datePredicate(expr, f, p, clock)} AND ${expr} IS NOT NULL)`;
}

/** A whitelisted text or timestamp column of profiles (see catalog.ts). */
export function columnPredicate(column: string, kind: "text" | "timestamp", f: Op, p: Params, clock: Clock): string {
  const positive = NEGATED[f.op];
  if (positive) return `NOT ${columnPredicate(column, kind, { op: positive, value: f.value }, p, clock)}`;
  const col = `p.${column}`;
  if (f.op === "exists") return `(${col} IS NOT NULL)`;
  if (kind === "timestamp") return `COALESCE(${datePredicate(col, f, p, clock)}, false)`;
  switch (f.op) {
    case "equals":
      return `COALESCE(${col} = ${p.add(String(f.value), "text")}, false)`;
    case "in":
      return `COALESCE(${col} = ANY(${p.add((f.value as unknown[]).map(String), "text[]")}), false)`;
    case "contains":
      return `COALESCE(strpos(lower(${col}), lower(${p.add(f.value, "text")})) > 0, false)`;
    case "starts_with":
      return `COALESCE(starts_with(lower(${col}), lower(${p.add(f.value, "text")})), false)`;
    default:
      throw new Error(`Operator ${f.op} does not apply to ${column}`);
  }
}

export const attributeOp = (c: AttributeCondition): Op => ({ op: c.op, value: "value" in c ? c.value : undefined });
export const filterOp = (f: PropertyFilter): Op => ({ op: f.op, value: "value" in f ? f.value : undefined });
