import { eventNoun, eventVerb, fieldLabel, humanize, IDENTIFIERS } from "@/lib/segments/catalog";
import type { Condition, Duration, PropertyFilter, SegmentDefinition, Window } from "@/lib/segments/definition";

// Plain English for a definition: "People who started checkout in the last 3 days, at
// least 2 hours ago, and have not completed an order since. They leave after 3 days in
// the segment, ...". Stored with every version and shown on the segment page. Shared
// with the browser so the builder describes as you type.

export type DescribeOptions = { segmentNames?: Record<string, string> };

/** One relative clause: "who" + "started checkout", or "whose" + "country is US". */
type Clause = { pron: "who" | "whose"; text: string };

export function describeDefinition(def: SegmentDefinition, options: DescribeOptions = {}): string {
  return `${describeEntry(def, options)} ${describeExit(def)}`;
}

export function describeEntry(def: SegmentDefinition, options: DescribeOptions = {}): string {
  if (def.conditions.length === 0) return "Everyone.";
  const clauses = def.conditions.map((c) => clause(c, options));
  return `People ${join(clauses, def.match, true)}.`;
}

export function describeExit(def: SegmentDefinition): string {
  if (!def.cap) return "They leave as soon as they no longer match.";
  return `They leave as soon as they no longer match, or after ${plural(def.cap.days, "day")} in the segment even if they still match, and come back only with new activity.`;
}

/** One line per top-level rule, for the funnel and version diffs. */
export function describeRules(def: SegmentDefinition, options: DescribeOptions = {}): string[] {
  return def.conditions.map((c) => {
    const k = clause(c, options);
    return capitalize(`${k.pron} ${k.text}`);
  });
}

function join(clauses: Clause[], match: "all" | "any", top = false): string {
  const conj = match === "all" ? "and" : "or";
  const samePron = clauses.every((c) => c.pron === clauses[0]!.pron);
  const parts = samePron ? clauses.map((c) => c.text) : clauses.map((c) => `${c.pron} ${c.text}`);
  // A comma before the last conjunction once the parts themselves contain and/or/commas.
  const busy = parts.some((p) => /,| and | or /.test(p));
  const list =
    parts.length === 1
      ? parts[0]
      : parts.length === 2 && !busy
        ? parts.join(` ${conj} `)
        : `${parts.slice(0, -1).join(", ")}, ${conj} ${parts.at(-1)}`;
  const lead = !top && match === "any" && parts.length > 1 ? "either " : "";
  return samePron ? `${clauses[0]!.pron} ${lead}${list}` : `${lead}${list}`;
}

function clause(c: Condition, o: DescribeOptions): Clause {
  switch (c.type) {
    case "group": {
      const inner = c.conditions.map((x) => clause(x, o));
      if (inner.length === 1) return inner[0]!;
      const text = join(inner, c.match);
      // join() already led with a pronoun; split it back off so callers can factor it.
      const [pron, ...rest] = text.split(" ");
      return pron === "who" || pron === "whose" ? { pron, text: rest.join(" ") } : { pron: "who", text: `match ${text}` };
    }
    case "attribute":
      return { pron: "whose", text: `${fieldLabel(c.field).toLowerCase()} ${valuePhrase(c.op, "value" in c ? c.value : undefined)}` };
    case "identifier":
      return { pron: "who", text: `${c.present ? "have" : "do not have"} ${IDENTIFIERS[c.identifier]}` };
    case "segment":
      return {
        pron: "who",
        text: `are ${c.membership === "in" ? "" : "not "}in the segment “${o.segmentNames?.[c.segmentId] ?? c.segmentId}”`,
      };
    case "event": {
      const f = c.frequency ?? { op: "at_least" as const, times: 1 };
      const never = (f.op === "at_most" || f.op === "exactly") && f.times === 0;
      const negated = never ? c.performed : !c.performed;
      const times = never || (f.op === "at_least" && f.times <= 1) ? "" : ` ${f.op.replace("_", " ")} ${plural(f.times, "time")}`;
      if (f.op === "at_least" && f.times === 0)
        return { pron: "who", text: c.performed ? "may or may not have " + eventVerb(c.event) : "match no one" };
      return { pron: "who", text: `${eventVerb(c.event, negated)}${filters(c.where)}${times}${windowPhrase(c.window)}` };
    }
    case "sequence": {
      const age = c.atLeastAgo ? `, at least ${durationPhrase(c.atLeastAgo)} ago${c.noneSince ? "," : ""}` : "";
      const since = c.noneSince ? ` with no ${eventNoun(c.noneSince.event)}${filters(c.noneSince.where)} since` : "";
      return { pron: "who", text: `${eventVerb(c.did.event)}${filters(c.did.where)}${windowPhrase(c.window)}${age}${since}` };
    }
    case "recency": {
      const when = c.op === "more_than" ? `more than ${durationPhrase(c.ago)} ago` : `less than ${durationPhrase(c.ago)} ago`;
      const never = c.orNever ? ` (or who have never ${eventVerb(c.event).replace(/^(were|had) /, "")})` : "";
      return { pron: "whose", text: `last ${eventNoun(c.event)}${filters(c.where)} was ${when}${never}` };
    }
  }
}

function filters(where: PropertyFilter[] | undefined): string {
  if (!where?.length) return "";
  return ` with ${where.map((f) => `${humanize(f.property)} ${filterPhrase(f.op, "value" in f ? f.value : undefined)}`).join(" and ")}`;
}

// "with cart value over 50", "with category “shoes”": shorter than the attribute phrasing.
const FILTER_OPS: Record<string, string> = {
  equals: "",
  not_equals: "not ",
  in: "",
  not_in: "not ",
  contains: "containing ",
  not_contains: "not containing ",
  starts_with: "starting with ",
  gt: "over ",
  gte: "of at least ",
  lt: "under ",
  lte: "of at most ",
};
function filterPhrase(op: string, value: unknown): string {
  if (!(op in FILTER_OPS)) return valuePhrase(op, value);
  const v = Array.isArray(value) ? value.map(literal).join(" or ") : literal(value);
  return `${FILTER_OPS[op]}${v}`;
}

const OPS: Record<string, string> = {
  equals: "is",
  not_equals: "is not",
  in: "is one of",
  not_in: "is none of",
  contains: "contains",
  not_contains: "does not contain",
  starts_with: "starts with",
  gt: "is more than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
  before: "is before",
  after: "is after",
};

function valuePhrase(op: string, value: unknown): string {
  switch (op) {
    case "exists":
      return "is set";
    case "not_exists":
      return "is not set";
    case "is_true":
      return "is yes";
    case "is_false":
      return "is no";
    case "more_than_ago":
      return `is more than ${durationPhrase(value as Duration)} ago`;
    case "less_than_ago":
      return `is within the last ${durationPhrase(value as Duration)}`;
  }
  if (op === "before" || op === "after") return `${OPS[op]} ${datePhrase(String(value))}`;
  if (Array.isArray(value)) return `${OPS[op]} ${value.map(literal).join(", ")}`;
  return `${OPS[op] ?? op} ${literal(value)}`;
}

const literal = (v: unknown) => (typeof v === "string" ? `“${v}”` : typeof v === "boolean" ? (v ? "yes" : "no") : String(v));

function windowPhrase(w: Window | undefined): string {
  if (!w) return "";
  if (w.type === "last") return ` in the last ${durationPhrase({ amount: w.amount, unit: w.unit }, true)}`;
  return ` between ${datePhrase(w.from)} and ${datePhrase(w.to)}`;
}

/** "2 hours"; with `bare`, "hour" for 1 ("in the last hour"). */
export function durationPhrase(d: Duration, bare = false): string {
  const unit = d.unit.slice(0, -1);
  return bare && d.amount === 1 ? unit : plural(d.amount, unit);
}

const plural = (n: number, unit: string) => `${n.toLocaleString("en-US")} ${unit}${n === 1 ? "" : "s"}`;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
function datePhrase(iso: string): string {
  const d = new Date(iso);
  const time = d.getUTCHours() || d.getUTCMinutes() ? ` ${d.toISOString().slice(11, 16)} UTC` : "";
  return `${dateFormat.format(d)}${time}`;
}
