import type { Condition, SegmentDefinition } from "@/lib/segments/definition";

// The builder's working copy of a definition, and immutable edits to it by path. The draft
// may be temporarily invalid (an emptied number box); it is validated with the same zod
// schema as the API on every change, and previewed only when valid.

export type Draft = { match: "all" | "any"; conditions: Rule[]; cap?: { days: number } | null; version?: 1 };
// Rules are edited loosely typed: a half-filled rule is a normal state while typing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any field of any rule kind, read before it validates
export type Rule = Record<string, any> & { type: Condition["type"] };

export type RuleKind = Condition["type"];
export type Path = number[];

const last = (amount: number, unit: string) => ({ type: "last", amount, unit });

/** A new rule of each kind, pre-filled with the most common choice. */
export function newRule(kind: RuleKind): Rule {
  switch (kind) {
    case "event":
      return { type: "event", event: "added_to_cart", performed: true, window: last(7, "days") };
    case "sequence":
      return { type: "sequence", did: { event: "checkout_started" }, window: last(3, "days"), noneSince: { event: "order_completed" } };
    case "recency":
      return { type: "recency", event: "order_completed", op: "more_than", ago: { amount: 90, unit: "days" }, orNever: false };
    case "attribute":
      return { type: "attribute", field: "country", op: "equals", value: "US" };
    case "identifier":
      return { type: "identifier", identifier: "email_or_phone", present: true };
    case "segment":
      return { type: "segment", segmentId: "", membership: "not_in" };
    case "group":
      return { type: "group", match: "any", conditions: [newRule("event")] };
  }
}

export function draftFrom(def: SegmentDefinition | null | undefined): Draft {
  if (!def) return { version: 1, match: "all", conditions: [], cap: null };
  return JSON.parse(JSON.stringify(def)) as Draft;
}

/** The rules list a path points into: [] is the root, [2] the group at root index 2, ... */
function listAt(draft: Draft, group: Path): Rule[] {
  let list = draft.conditions;
  for (const i of group) list = list[i]!.conditions as Rule[];
  return list;
}

function clone(draft: Draft): Draft {
  return JSON.parse(JSON.stringify(draft)) as Draft;
}

export function replaceRule(draft: Draft, path: Path, rule: Rule): Draft {
  const next = clone(draft);
  listAt(next, path.slice(0, -1))[path.at(-1)!] = rule;
  return next;
}

export function removeRule(draft: Draft, path: Path): Draft {
  const next = clone(draft);
  listAt(next, path.slice(0, -1)).splice(path.at(-1)!, 1);
  return next;
}

export function addRule(draft: Draft, group: Path, rule: Rule): Draft {
  const next = clone(draft);
  listAt(next, group).push(rule);
  return next;
}

export function moveRule(draft: Draft, path: Path, by: -1 | 1): Draft {
  const next = clone(draft);
  const list = listAt(next, path.slice(0, -1));
  const i = path.at(-1)!;
  const j = i + by;
  if (j < 0 || j >= list.length) return draft;
  [list[i], list[j]] = [list[j]!, list[i]!];
  return next;
}

/** "definition.conditions.1.conditions.0" for a rule path, to match validation issues. */
export const issuePrefix = (path: Path) => ["definition", ...path.flatMap((i) => ["conditions", String(i)])].join(".");
