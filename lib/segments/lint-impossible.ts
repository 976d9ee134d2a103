import type { Condition, Duration, PropertyFilter, SegmentDefinition, Window } from "@/lib/segments/definition";
import { durationMs } from "@/lib/segments/definition";
import { durationPhrase } from "@/lib/segments/describe";

// Rules that can never match anyone: a segment built on one is silently empty (or, in an
// "any" list, the rule silently adds nobody). Each check is sound: it flags only what the
// semantics in lib/segments/README.md make impossible, never "probably empty".
// Pure and shared with the browser.

export type Impossible = { path: string; message: string; fix: string };

type Constraint = { op: string; value?: unknown; path: string; what: string };

const lower = (v: unknown) => String(v).toLowerCase();
const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const NEEDS_VALUE = new Set([
  "equals",
  "in",
  "contains",
  "starts_with",
  "gt",
  "gte",
  "lt",
  "lte",
  "is_true",
  "is_false",
  "before",
  "after",
  "more_than_ago",
  "less_than_ago",
]);
const dateText = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace("T", " ") + " UTC";

/** Why two conditions on one value (both must hold) exclude each other, or null. */
function clash(a: Constraint, b: Constraint): string | null {
  const pair = (x: string, y: string) => (a.op === x && b.op === y ? [a, b] : b.op === x && a.op === y ? [b, a] : null);
  let p: Constraint[] | null;
  if ((p = pair("exists", "not_exists"))) return "has a value and has no value";
  if (a.op === "not_exists" && NEEDS_VALUE.has(b.op)) return "has no value, yet must have one";
  if (b.op === "not_exists" && NEEDS_VALUE.has(a.op)) return "has no value, yet must have one";
  if ((p = pair("is_true", "is_false"))) return "is both true and false";
  if (a.op === "equals" && b.op === "equals" && String(a.value) !== String(b.value))
    return `equals both ${JSON.stringify(a.value)} and ${JSON.stringify(b.value)}`;
  if ((p = pair("equals", "not_equals")) && sameValue(p[0]!.value, p[1]!.value))
    return `equals and does not equal ${JSON.stringify(p[0]!.value)}`;
  if ((p = pair("equals", "in")) && !(p[1]!.value as unknown[]).map(String).includes(String(p[0]!.value)))
    return `equals ${JSON.stringify(p[0]!.value)}, which is not in the list`;
  if ((p = pair("equals", "not_in")) && (p[1]!.value as unknown[]).some((v) => sameValue(v, p![0]!.value)))
    return `equals ${JSON.stringify(p[0]!.value)}, which the list excludes`;
  if (a.op === "in" && b.op === "in" && !(a.value as unknown[]).some((v) => (b.value as unknown[]).map(String).includes(String(v))))
    return "is in two lists with nothing in common";
  if (
    a.op === "starts_with" &&
    b.op === "starts_with" &&
    !lower(a.value).startsWith(lower(b.value)) &&
    !lower(b.value).startsWith(lower(a.value))
  )
    return `starts with both “${a.value}” and “${b.value}”`;
  if ((p = pair("contains", "not_contains")) && lower(p[0]!.value).includes(lower(p[1]!.value)))
    return `contains and does not contain “${p[1]!.value}”`;
  if ((p = pair("starts_with", "not_contains")) && lower(p[0]!.value).includes(lower(p[1]!.value)))
    return `starts with “${p[0]!.value}” but must not contain “${p[1]!.value}”`;
  if ((p = pair("after", "before")) && Date.parse(String(p[0]!.value)) >= Date.parse(String(p[1]!.value)))
    return `is after ${dateText(String(p[0]!.value))} and before ${dateText(String(p[1]!.value))}`;
  if ((p = pair("more_than_ago", "less_than_ago")) && durationMs(p[0]!.value as Duration) >= durationMs(p[1]!.value as Duration))
    return `is more than ${durationPhrase(p[0]!.value as Duration)} ago and less than ${durationPhrase(p[1]!.value as Duration)} ago`;
  return null;
}

/** Numeric bounds taken together: "greater than 10" and "less than 5". */
function rangeClash(cs: Constraint[]): { at: Constraint; why: string } | null {
  let lo = -Infinity,
    loStrict = false,
    hi = Infinity,
    hiStrict = false;
  let last: Constraint | null = null;
  for (const c of cs) {
    const n = c.value as number;
    if (c.op === "gt" || c.op === "gte" || (c.op === "equals" && typeof n === "number")) {
      const strict = c.op === "gt";
      if (n > lo || (n === lo && strict)) [lo, loStrict] = [n, strict];
    }
    if (c.op === "lt" || c.op === "lte" || (c.op === "equals" && typeof n === "number")) {
      const strict = c.op === "lt";
      if (n < hi || (n === hi && strict)) [hi, hiStrict] = [n, strict];
    }
    if (["gt", "gte", "lt", "lte", "equals"].includes(c.op)) last = c;
    if (lo > hi || (lo === hi && (loStrict || hiStrict))) return { at: last!, why: "has no number that meets every bound" };
  }
  return null;
}

/** The first pair of constraints on one value that exclude each other. */
function contradiction(cs: Constraint[]): { at: Constraint; why: string } | null {
  const byKey = new Map<string, Constraint[]>();
  for (const c of cs) byKey.set(c.what, [...(byKey.get(c.what) ?? []), c]);
  for (const [, list] of byKey) {
    for (let j = 1; j < list.length; j++)
      for (let i = 0; i < j; i++) {
        const why = clash(list[i]!, list[j]!);
        if (why) return { at: list[j]!, why };
      }
    const range = rangeClash(list);
    if (range) return range;
  }
  return null;
}

function filterClash(where: PropertyFilter[] | undefined, path: string, what: string): Impossible | null {
  const found = contradiction((where ?? []).map((f, i) => ({ op: f.op, value: f.value, path: `${path}.${i}`, what: f.property })));
  if (!found) return null;
  return {
    path: found.at.path,
    message: `This rule can never match: the ${what} property “${found.at.what}” ${found.why}.`,
    fix: "Remove one of the two filters, or move them into separate rules joined by “any”.",
  };
}

const inFuture = (w: Window | undefined, now: number) => w?.type === "between" && Date.parse(w.from) > now;
const neverDid = (c: Condition) =>
  c.type === "event" &&
  !c.performed &&
  !c.window &&
  !c.where?.length &&
  (!c.frequency || (c.frequency.op === "at_least" && c.frequency.times === 1));
/** The event a rule requires someone to have done at least once (ever, with or without a window). */
function needsEvent(c: Condition): string | null {
  if (c.type === "sequence") return c.did.event;
  if (c.type === "recency") return c.orNever ? null : c.event;
  if (c.type !== "event" || !c.performed) return null;
  const f = c.frequency ?? { op: "at_least", times: 1 };
  return (f.op === "at_least" || f.op === "exactly") && f.times >= 1 ? c.event : null;
}

/** One rule on its own. */
function single(c: Condition, path: string, now: number): Impossible | null {
  if (c.type === "event") {
    const f = c.frequency;
    if (!c.performed && f?.op === "at_least" && f.times === 0)
      return {
        path,
        message: "This rule can never match: everyone did it “at least 0 times”, so nobody “did not”.",
        fix: "Use “did not … at least once”, or “did … at most N times”.",
      };
    if (c.performed && needsEvent(c) && inFuture(c.window, now))
      return {
        path,
        message: `This rule cannot match anyone until ${dateText((c.window as { from: string }).from)}: its window is in the future.`,
        fix: "Pick dates in the past, or use “in the last …”.",
      };
    return filterClash(c.where, `${path}.where`, "event");
  }
  if (c.type === "sequence") {
    const w = c.window;
    if (w?.type === "last" && c.atLeastAgo && durationMs(c.atLeastAgo) >= durationMs(w)) {
      return {
        path,
        message: `This rule can never match: it looks back ${durationPhrase(w)} but wants the event at least ${durationPhrase(c.atLeastAgo)} ago, which is outside the window.`,
        fix: `Make the window longer than ${durationPhrase(c.atLeastAgo)}, or the wait shorter than ${durationPhrase(w)}.`,
      };
    }
    if (w?.type === "between" && c.atLeastAgo && Date.parse(w.from) > now - durationMs(c.atLeastAgo))
      return {
        path,
        message: `This rule cannot match anyone yet: no event from ${dateText(w.from)} on is ${durationPhrase(c.atLeastAgo)} old.`,
        fix: "Move the window earlier, or shorten the wait.",
      };
    if (inFuture(w, now))
      return {
        path,
        message: `This rule cannot match anyone until ${dateText((w as { from: string }).from)}: its window is in the future.`,
        fix: "Pick dates in the past, or use “in the last …”.",
      };
    const none = c.noneSince;
    // The qualifying event is itself "at or after" its own time: a "none since" of the same
    // event with no stricter filter always finds it.
    if (none && none.event === c.did.event && (none.where ?? []).every((f) => (c.did.where ?? []).some((g) => sameValue(f, g))))
      return {
        path,
        message: "This rule can never match: the “none since” event is the same event, and each one counts as happening since itself.",
        fix: "Pick a different “none since” event (e.g. a purchase), or add a filter that tells the two apart.",
      };
    return filterClash(c.did.where, `${path}.did.where`, "event") ?? filterClash(none?.where, `${path}.noneSince.where`, "event");
  }
  if (c.type === "recency") return filterClash(c.where, `${path}.where`, "event");
  return null;
}

type Rule = { c: Condition; path: string };

/** Rules that must all hold together: an "all" list, with nested "all" groups folded in. */
function conjuncts(list: Rule[]): Rule[] {
  return list.flatMap((r) =>
    r.c.type === "group" && r.c.match === "all" ? conjuncts(r.c.conditions.map((c, i) => ({ c, path: `${r.path}.conditions.${i}` }))) : [r],
  );
}

/** Rules in one "all" list that exclude each other. */
function across(list: Rule[]): Impossible | null {
  const rules = conjuncts(list);
  const attrs: Constraint[] = [];
  for (const { c, path } of rules) {
    if (c.type === "attribute") attrs.push({ op: c.op, value: c.value, path, what: c.field });
    if (c.type === "identifier") attrs.push({ op: c.present ? "exists" : "not_exists", path, what: `identifier:${c.identifier}` });
    if (c.type === "identifier" && c.identifier !== "external_id" && c.identifier !== "email_or_phone")
      attrs.push({ op: c.present ? "exists" : "noop", path, what: "identifier:email_or_phone" });
    if (c.type === "segment") attrs.push({ op: c.membership === "in" ? "exists" : "not_exists", path, what: `segment:${c.segmentId}` });
  }
  const found = contradiction(attrs.filter((a) => a.op !== "noop"));
  if (found) {
    const what = found.at.what.startsWith("identifier:")
      ? "an identifier"
      : found.at.what.startsWith("segment:")
        ? "segment membership"
        : `“${found.at.what}”`;
    const why = found.at.what.startsWith("segment:")
      ? "asks to be in and not in the same segment"
      : found.at.what.startsWith("identifier:")
        ? "asks for an identifier to be there and not there"
        : `needs ${what} that ${found.why}`;
    return {
      path: found.at.path,
      message: `This rule contradicts another one joined by “and”: together they ${why}, so nobody matches.`,
      fix: "Remove one of them, or join them with “any” instead of “all”.",
    };
  }
  for (const r of rules) {
    if (!neverDid(r.c)) continue;
    const needer = rules.find((o) => o !== r && needsEvent(o.c) === (r.c as { event: string }).event);
    if (needer)
      return {
        path: r.path,
        message:
          "This rule contradicts another one joined by “and”: one needs the event, this one says they never did it, so nobody matches.",
        fix: "Give this rule a time window (“did not … in the last 7 days”), or remove one of the two.",
      };
  }
  return null;
}

/** Whether a rule (a group included) can never match, collecting the reasons. */
function dead(r: Rule, now: number, out: Impossible[]): boolean {
  if (r.c.type !== "group") {
    const why = single(r.c, r.path, now);
    if (why) out.push(why);
    return !!why;
  }
  const kids = r.c.conditions.map((c, i) => ({ c, path: `${r.path}.conditions.${i}` }));
  const deadKids = kids.map((k) => dead(k, now, out));
  if (r.c.match === "any") return deadKids.every(Boolean);
  const clash = across(kids);
  if (clash) out.push(clash);
  return deadKids.some(Boolean) || !!clash;
}

/** Every rule of a definition that can never match, with why and how to fix it. */
export function impossibleRules(def: SegmentDefinition, now = Date.now()): Impossible[] {
  const out: Impossible[] = [];
  const top = def.conditions.map((c, i) => ({ c, path: `conditions.${i}` }));
  top.forEach((r) => dead(r, now, out));
  if (def.match === "all") {
    const clash = across(top);
    if (clash && !out.some((o) => o.path === clash.path)) out.push(clash);
  }
  const seen = new Set<string>();
  return out.filter((o) => !seen.has(o.path + o.message) && !!seen.add(o.path + o.message));
}
