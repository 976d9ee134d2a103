import { canonicalDefinition } from "@/lib/segments/canonical";
import { eventEntry } from "@/lib/segments/catalog";
import type { Condition, SegmentDefinition } from "@/lib/segments/definition";
import { impossibleRules } from "@/lib/segments/lint-impossible";
import type { StoredSegment } from "@/lib/segments/references";

// The linter: the mistakes the retention playbook warns about, each with how to fix it.
// Pure and shared with the browser; the two data-dependent checks (identifier coverage,
// duplicated logic) take their facts from the caller.

export type Lint = { code: string; message: string; fix: string; path?: string };

export type LintFacts = {
  /** Other saved segments, for "same rules as ...". */
  others?: StoredSegment[];
  /** Members, and how many of them ad platforms can match (hashed email or valid phone). */
  coverage?: { members: number; reachable: number };
  /** Evaluation time, for windows that lie in the future (default: now). */
  now?: number;
};

export const LOW_COVERAGE = 0.6;

type Rule = { c: Condition; path: string };

function rules(conditions: Condition[], base = "conditions"): Rule[] {
  return conditions.flatMap((c, i) => [
    { c, path: `${base}.${i}` },
    ...(c.type === "group" ? rules(c.conditions, `${base}.${i}.conditions`) : []),
  ]);
}

/** Rules that require someone to have done `event` (not "did not"). */
function requires(r: Rule): string | null {
  const { c } = r;
  if (c.type === "sequence") return c.did.event;
  if (c.type !== "event" || !c.performed) return null;
  const f = c.frequency ?? { op: "at_least", times: 1 };
  return (f.op === "at_least" || f.op === "exactly") && f.times >= 1 ? c.event : null;
}

function excludesPurchase(r: Rule, others: StoredSegment[]): boolean {
  const { c } = r;
  const purchase = (name: string) => !!eventEntry(name)?.purchase;
  if (c.type === "sequence") return !!c.noneSince && purchase(c.noneSince.event);
  if (c.type === "event") return purchase(c.event) && (!c.performed || c.frequency?.times === 0);
  if (c.type === "recency") return purchase(c.event) && c.op === "more_than";
  if (c.type === "segment" && c.membership === "not_in") {
    const target = others.find((s) => s.id === c.segmentId)?.definition;
    return !!target && rules(target.conditions).some((x) => purchase(requires(x) ?? ""));
  }
  return false;
}

export function lintDefinition(def: SegmentDefinition, facts: LintFacts = {}): Lint[] {
  const all = rules(def.conditions);
  const others = facts.others ?? [];
  const intent = all.filter((r) => eventEntry(requires(r) ?? "")?.intent);
  // First: a rule that can never match empties the segment (or adds nobody) without a word.
  const lints: Lint[] = impossibleRules(def, facts.now).map((i) => ({ code: "rule-cannot-match", ...i }));

  if (intent.length && !all.some((r) => excludesPurchase(r, others))) {
    lints.push({
      code: "intent-without-purchase-exclusion",
      path: intent[0]!.path,
      message: "Shopping-intent audience with no purchase exclusion: people who buy keep seeing cart ads.",
      fix: "Add “with no purchase since” to the rule (a “did … and none since” rule), or exclude the “Purchased in the last 7 days” segment.",
    });
  }
  for (const r of all) {
    const name = requires(r);
    const windowless = r.c.type === "event" ? !r.c.window : r.c.type === "sequence" ? !r.c.window : false;
    if (name && windowless) {
      lints.push({
        code: "event-without-window",
        path: r.path,
        message: "A “did …” rule with no time window never lets anyone go: a zombie audience that only grows.",
        fix: "Add a time window, e.g. “in the last 7 days”, so people leave when the signal goes stale.",
      });
    }
  }
  if (intent.length && !def.cap) {
    lints.push({
      code: "intent-without-cap",
      path: "cap",
      message: "Intent audience without a membership cap: old abandoners stay in and soak up spend.",
      fix: "Set a cap of 1–3 days: people leave after that even if they still match, and return only with new activity.",
    });
  }
  const noisy = all.find((r) => r.c.type === "event" && r.c.event === "added_to_cart" && r.c.performed && (r.c.frequency?.times ?? 1) > 1);
  if (noisy && !all.some((r) => requires(r) === "checkout_started")) {
    lints.push({
      code: "noisy-cart-count",
      path: noisy.path,
      message: "Counting add-to-cart events is noisy: people add and remove items many times, so the audience swings.",
      fix: "Add a guardrail: “started checkout” in the same window, with no purchase since.",
    });
  }
  const { coverage } = facts;
  if (coverage && coverage.members > 0 && coverage.reachable / coverage.members < LOW_COVERAGE) {
    const pct = Math.round((coverage.reachable / coverage.members) * 100);
    lints.push({
      code: "low-identifier-coverage",
      message: `Only ${pct}% of these people have an email or valid phone an ad platform can match.`,
      fix: "For ad audiences, add “has an email address or a valid phone number” and reach the rest in owned channels.",
    });
  }
  const same = def.conditions.length
    ? others.find((s) => s.definition && canonicalDefinition(s.definition) === canonicalDefinition(def))
    : undefined;
  if (same) {
    lints.push({
      code: "duplicate-segment",
      message: `Same rules as the segment “${same.name}”: two copies of one logic drift apart.`,
      fix: `Use “${same.name}” instead, or build on it with an “in segment” rule.`,
    });
  }
  return lints;
}
