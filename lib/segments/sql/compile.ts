import type { Condition, SegmentDefinition } from "@/lib/segments/definition";
import { listSql, type Ctx } from "@/lib/segments/sql/conditions";
import { Params } from "@/lib/segments/sql/params";

// A definition -> one parameterized query. The shape is always
//
//   WITH s1 AS (...), s2 AS (...)          -- one set of profile ids per event/segment rule
//   SELECT ... FROM <base>
//     LEFT JOIN s2 ON s2.profile_id = ...  -- each set joined once
//   WHERE <boolean expression>             -- the all/any tree over flags and columns
//
// <base> is a set of candidates whenever a rule pins down who can match (`exactBound`):
// the answer is a subset of it, so a million-row profiles scan is skipped and profiles
// joins in by primary key only if a rule reads it. Otherwise it is every profile.
// `now` is fixed per compilation, so a preview, a refresh and a test see the same cutoffs.

export type CompiledSegment = {
  params: unknown[];
  with: string;
  from: string;
  where: string;
  /** Expression for the person's id in the FROM above. */
  id: string;
};

export type CompileOptions = {
  now: Date | number;
  rollup?: boolean;
  /**
   * Evaluate for these people only (profile ids): the near-real-time refresh of the people
   * whose events just arrived (lib/segments/realtime). Every set is filtered by id, so an
   * event rule reads those people's rows by index instead of every event of its name.
   */
  only?: string[];
};

const POSITIVE = /^\((s\d+)\.profile_id IS NOT NULL\)$/;

export function compileSegment(def: SegmentDefinition, options: CompileOptions): CompiledSegment {
  const ctx: Ctx = { p: new Params(), clock: { now: Number(options.now) }, sets: [], rollup: options.rollup ?? true, flagOf: new Map() };
  const only = options.only ? ctx.p.add(options.only, "bigint[]") : null;
  let flags = listSql(def.conditions, def.match, ctx);
  const readsProfile = flags.some((f) => /(^|\W)p\./.test(f));

  // Candidate people: a set the answer is drawn from (see `exactBound`). The rule that
  // provides it is satisfied by every candidate, so its flag becomes `true`; its sets are
  // then referenced once (inlined, with the planner's row estimates intact).
  const bounds = def.conditions.map((c) => exactBound(c, ctx.flagOf));
  let candidates: string | null = null;
  if (def.match === "all") {
    const i = bounds.findIndex((b) => b !== null);
    if (i >= 0) [candidates, flags] = [bounds[i]!, flags.map((f, j) => (j === i ? "true" : f))];
  } else if (bounds.length && bounds.every((b) => b !== null)) {
    [candidates, flags] = [union(bounds as string[]), flags.map(() => "true")];
  }
  const single = candidates && /^SELECT profile_id FROM (s\d+)$/.exec(candidates)?.[1];
  const driver = single || (candidates ? "candidates" : null);

  const id = driver ? `${driver}.profile_id` : "p.id";
  const base = driver ? [driver, ...(readsProfile ? [`JOIN profiles p ON p.id = ${id}`] : [])] : ["profiles p"];
  const consumed = new Set(candidates?.match(/\bs\d+\b/g) ?? []);
  const joins = ctx.sets.filter((s) => !consumed.has(s.name)).map((s) => `LEFT JOIN ${s.name} ON ${s.name}.profile_id = ${id}`);
  // Every set's first column is profile_id; Postgres pushes the filter into its GROUP BY and UNION legs.
  const restrict = (sql: string) => (only ? `SELECT r.* FROM (${sql}) r WHERE r.profile_id = ANY(${only})` : sql);
  const ctes = [
    ...ctx.sets.map((s) => `${s.name} AS (${restrict(s.sql)})`),
    ...(driver === "candidates" ? [`candidates AS (${candidates})`] : []),
  ];
  const rules = flags.length === 0 ? "true" : flags.join(def.match === "all" ? " AND " : " OR ");
  const where = only ? `${id} = ANY(${only}) AND (${rules})` : rules;
  return {
    params: ctx.p.values,
    with: ctes.length ? `WITH ${ctes.join(",\n  ")}\n` : "",
    from: [...base, ...joins].join("\n  "),
    where,
    id,
  };
}

/**
 * A query returning exactly the people a condition matches, when that is a plain set: a
 * "must be in set" rule, an "any" group of such rules (their union), an "all" group of one.
 * Null otherwise (attribute rules, "did not" rules, mixed groups).
 */
function exactBound(c: Condition, flagOf: Map<Condition, string>): string | null {
  if (c.type === "group") {
    const parts = c.conditions.map((x) => exactBound(x, flagOf));
    if (!parts.every((b) => b !== null)) return null;
    return c.match === "any" || parts.length === 1 ? union(parts as string[]) : null;
  }
  const set = POSITIVE.exec(flagOf.get(c) ?? "")?.[1];
  return set ? `SELECT profile_id FROM ${set}` : null;
}

const union = (parts: string[]) => [...new Set(parts)].join(" UNION ");

/** Member ids: the query a refresh materializes. */
export const membersSql = (c: CompiledSegment) => `${c.with}SELECT ${c.id} AS profile_id FROM ${c.from}\nWHERE ${c.where}`;

export const countSql = (c: CompiledSegment) => `${c.with}SELECT count(*)::int AS count FROM ${c.from}\nWHERE ${c.where}`;
