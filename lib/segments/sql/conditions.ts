import { matchableSql, sendableEmailSql, sendablePhoneSql } from "@/lib/identity/sendable";
import { fieldEntry } from "@/lib/segments/catalog";
import type { Condition, EventCondition, PropertyFilter, RecencyCondition, SequenceCondition, Window } from "@/lib/segments/definition";
import { durationMs } from "@/lib/segments/definition";
import type { Params } from "@/lib/segments/sql/params";
import {
  didWithin,
  latestWithin,
  noneSinceRollup,
  recencySets,
  rollupEvent,
  rollupRecency,
  rollupSequenceA,
  rollupSequenceB,
  sequenceBounds,
} from "@/lib/segments/sql/rollup";
import { attributeOp, columnPredicate, filterOp, indexedDatePredicate, jsonPredicate, type Clock } from "@/lib/segments/sql/values";

// One condition -> SQL. Conditions about the profile row become a boolean expression over
// `p`. Conditions about events or other segments become a *set* of profile ids (a CTE,
// one row per person) plus a polarity: the person matches when they are in the set (+)
// or not in it (-). The query LEFT JOINs each set once, so any nesting of all/any is plain
// boolean logic over `sN.profile_id IS [NOT] NULL`, and Postgres turns the top-level ones
// into inner joins and anti joins. Polarity also lets us pick the cheaper side: "did not
// buy" scans buyers, never everyone.

export type SetRef = { name: string; sql: string };
export type Ctx = {
  p: Params;
  clock: Clock;
  sets: SetRef[];
  /** Read profile_event_last where exact (see rollup.ts); false forces raw events (tests compare both). */
  rollup: boolean;
  /** Each compiled condition's expression, for the compiler's candidate-set analysis. */
  flagOf: Map<Condition, string>;
};

export function conditionSql(c: Condition, ctx: Ctx): string {
  const sql = compileOne(c, ctx);
  ctx.flagOf.set(c, sql);
  return sql;
}

function compileOne(c: Condition, ctx: Ctx): string {
  switch (c.type) {
    case "attribute": {
      const field = fieldEntry(c.field);
      if (field?.column)
        return columnPredicate(field.column, field.type === "date" ? "timestamp" : "text", attributeOp(c), ctx.p, ctx.clock);
      const indexed = field?.indexed ? indexedDatePredicate(field.key, attributeOp(c), ctx.p, ctx.clock) : null;
      if (indexed) return indexed;
      return jsonPredicate(`(p.attributes -> ${ctx.p.add(c.field, "text")})`, attributeOp(c), ctx.p, ctx.clock);
    }
    case "identifier":
      return c.present ? IDENTIFIER_SQL[c.identifier] : `NOT ${IDENTIFIER_SQL[c.identifier]}`;
    case "group": {
      const parts = listSql(c.conditions, c.match, ctx);
      return `(${parts.join(c.match === "all" ? " AND " : " OR ")})`;
    }
    case "segment":
      return member(
        ctx,
        `SELECT sm.profile_id FROM segment_memberships sm WHERE sm.segment_id = ${ctx.p.add(c.segmentId, "text")}`,
        c.membership === "in",
      );
    case "event":
      return eventSql(c, ctx);
    case "sequence":
      return sequenceSql(c, ctx);
    case "recency":
      return recencySql(c, ctx);
  }
}

/**
 * The expressions of a list of conditions joined by `match`. In an "any" list, plain "did X"
 * rules that share their window and property filters become one set read with
 * `name = ANY(...)`: "did X or did Y" is one scan of both names' rows, where a set per rule
 * would be one scan each plus a union that de-duplicates (in every parallel worker) the
 * people who did both. Each merged rule's flag is the shared set's, so the compiler's
 * candidate analysis (compile.ts) sees a single set.
 */
export function listSql(conditions: Condition[], match: "all" | "any", ctx: Ctx): string[] {
  if (match === "all") return conditions.map((x) => conditionSql(x, ctx));
  const groups = new Map<string, EventCondition[]>();
  for (const c of conditions) {
    const key = mergeKey(c);
    if (key) groups.set(key, [...(groups.get(key) ?? []), c as EventCondition]);
  }
  const out: string[] = [];
  for (const c of conditions) {
    const group = groups.get(mergeKey(c) ?? "");
    if (!group || new Set(group.map((g) => g.event)).size < 2) out.push(conditionSql(c, ctx));
    else if (group[0] === c) {
      const flag = anyEventSql(group, ctx);
      for (const g of group) ctx.flagOf.set(g, flag);
      out.push(flag);
    }
  }
  return out;
}

/** Rules that mean "did this at least once" (in a window, with filters) merge when these agree. */
function mergeKey(c: Condition): string | null {
  if (c.type !== "event" || !c.performed) return null;
  const f = c.frequency ?? { op: "at_least", times: 1 };
  if (f.op !== "at_least" || f.times !== 1) return null;
  return JSON.stringify([c.window ?? null, c.where ?? []]);
}

function anyEventSql(group: EventCondition[], ctx: Ctx): string {
  const names = [...new Set(group.map((g) => g.event))];
  const { window, where } = group[0]!;
  if (ctx.rollup && rollupEvent(group[0]!)) {
    const bounds = window ? windowBounds(window, ctx.clock.now) : null;
    return member(ctx, didWithin(ctx.p, names, bounds), true);
  }
  return member(ctx, `SELECT e.profile_id FROM events e WHERE ${eventRows("e", names, ctx, window, where)} GROUP BY e.profile_id`, true);
}

// "Has a phone" means what a sync can send (lib/identity/sendable.ts), so the builder's
// count and the sync's reach never disagree about who has one.
const IDENTIFIER_SQL = {
  email: `(${sendableEmailSql("p")})`,
  phone: sendablePhoneSql("p"),
  external_id: "(p.external_id IS NOT NULL)",
  email_or_phone: matchableSql("p"),
} as const;

function member(ctx: Ctx, sql: string, inSet: boolean): string {
  const name = `s${ctx.sets.length + 1}`;
  ctx.sets.push({ name, sql });
  return `(${name}.profile_id IS ${inSet ? "NOT " : ""}NULL)`;
}

/** Row filter for one event name (or any of several): window, property filters, and a known person. */
function eventRows(alias: string, event: string | string[], ctx: Ctx, window?: Window, where?: PropertyFilter[]): string {
  const name = Array.isArray(event) ? `${alias}.name = ANY(${ctx.p.add(event, "text[]")})` : `${alias}.name = ${ctx.p.add(event, "text")}`;
  const parts = [name, `${alias}.profile_id IS NOT NULL`];
  if (window) parts.push(...windowSql(`${alias}.occurred_at`, window, ctx));
  for (const f of where ?? [])
    parts.push(jsonPredicate(`${alias}.properties -> ${ctx.p.add(f.property, "text")}`, filterOp(f), ctx.p, ctx.clock));
  return parts.join(" AND ");
}

export function windowBounds(w: Window, now: number): { from: number; to: number; toInclusive: boolean } {
  if (w.type === "last") return { from: now - durationMs({ amount: w.amount, unit: w.unit }), to: now, toInclusive: true };
  return { from: Date.parse(w.from), to: Date.parse(w.to), toInclusive: false };
}

function windowSql(col: string, w: Window, ctx: Ctx): string[] {
  const b = windowBounds(w, ctx.clock.now);
  return [`${col} >= ${ctx.p.time(b.from)}`, `${col} ${b.toInclusive ? "<=" : "<"} ${ctx.p.time(b.to)}`];
}

function eventSql(c: EventCondition, ctx: Ctx): string {
  const { op, times } = c.frequency ?? { op: "at_least", times: 1 };
  // What to count, and whether matching means being in that set or outside it.
  let having: string | null;
  let inSet: boolean;
  if (op === "at_least" && times === 0) return c.performed ? "true" : "false";
  if (op === "at_least") [having, inSet] = [times === 1 ? null : `count(*) >= ${ctx.p.add(times, "int")}`, true];
  else if (op === "at_most") [having, inSet] = [times === 0 ? null : `count(*) > ${ctx.p.add(times, "int")}`, false];
  else if (times === 0) [having, inSet] = [null, false];
  else [having, inSet] = [`count(*) = ${ctx.p.add(times, "int")}`, true];
  if (ctx.rollup && rollupEvent(c)) {
    const bounds = c.window ? windowBounds(c.window, ctx.clock.now) : null;
    return member(ctx, didWithin(ctx.p, c.event, bounds), c.performed ? inSet : !inSet);
  }
  const sql = `SELECT e.profile_id FROM events e WHERE ${eventRows("e", c.event, ctx, c.window, c.where)} GROUP BY e.profile_id${having ? ` HAVING ${having}` : ""}`;
  return member(ctx, sql, c.performed ? inSet : !inSet);
}

function sequenceSql(c: SequenceCondition, ctx: Ctx): string {
  // Parameters are allocated as SQL is emitted, so each branch builds only what it uses.
  const rawA = () => {
    const rows = [eventRows("e", c.did.event, ctx, c.window, c.did.where)];
    if (c.atLeastAgo) rows.push(`e.occurred_at <= ${ctx.p.time(ctx.clock.now - durationMs(c.atLeastAgo))}`);
    return rows.join(" AND ");
  };
  const useA = ctx.rollup && rollupSequenceA(c);
  if (!c.noneSince) {
    const did = useA
      ? `SELECT a.profile_id FROM (${latestWithin(ctx.p, c.did.event, sequenceBounds(c, ctx.clock.now))}) a`
      : `SELECT e.profile_id FROM events e WHERE ${rawA()} GROUP BY e.profile_id`;
    return member(ctx, did, true);
  }
  // Only the latest qualifying A matters: if any A has no B after it, the latest has none either.
  const last = useA
    ? latestWithin(ctx.p, c.did.event, sequenceBounds(c, ctx.clock.now))
    : `SELECT e.profile_id, max(e.occurred_at) AS t FROM events e WHERE ${rawA()} GROUP BY e.profile_id`;
  let none: string;
  if (ctx.rollup && rollupSequenceB(c)) none = noneSinceRollup(ctx.p, c.noneSince.event);
  else {
    // The window's start is a lower bound on A, hence on any B that counts: it lets Postgres
    // hash-anti-join against a range of B instead of probing per person.
    const rows = eventRows("b", c.noneSince.event, ctx, undefined, c.noneSince.where);
    const lower = c.window ? ` AND b.occurred_at >= ${ctx.p.time(windowBounds(c.window, ctx.clock.now).from)}` : "";
    none = `NOT EXISTS (SELECT 1 FROM events b WHERE b.profile_id = a.profile_id AND ${rows} AND b.occurred_at >= a.t${lower})`;
  }
  return member(ctx, `SELECT a.profile_id FROM (${last}) a WHERE ${none}`, true);
}

function recencySql(c: RecencyCondition, ctx: Ctx): string {
  if (ctx.rollup && rollupRecency(c)) {
    const { recent, stale } = recencySets(ctx.p, c.event, ctx.clock.now - durationMs(c.ago));
    if (c.op === "less_than") return c.orNever ? member(ctx, stale, false) : member(ctx, recent, true);
    return c.orNever ? member(ctx, recent, false) : member(ctx, stale, true);
  }
  const cutoff = ctx.p.time(ctx.clock.now - durationMs(c.ago));
  const rows = eventRows("e", c.event, ctx, undefined, c.where);
  // "Did it since the cutoff" is an index range scan; "last one before the cutoff" needs all of them.
  const recent = `SELECT e.profile_id FROM events e WHERE ${rows} AND e.occurred_at >= ${cutoff} GROUP BY e.profile_id`;
  const stale = `SELECT e.profile_id FROM events e WHERE ${rows} GROUP BY e.profile_id HAVING max(e.occurred_at) < ${cutoff}`;
  if (c.op === "less_than") return c.orNever ? member(ctx, stale, false) : member(ctx, recent, true);
  return c.orNever ? member(ctx, recent, false) : member(ctx, stale, true);
}
