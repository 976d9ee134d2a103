import type { Severity, StoredRule } from "@/lib/monitoring/alerts/rule-schemas";

// A rule's verdict about one subject: the condition holds now, with the numbers that show it.
// The evaluator turns findings into alert transitions (reconcile-alerts.ts); the likely cause
// is looked up only for alerts that open or change severity (likely-cause.ts).

export type Figures = Record<string, number | string | null>;

export type CauseContext =
  | { type: "sync"; syncId: string; segmentId: string; runId: string | null; kind: string; since: Date | null }
  | { type: "event"; event: string; hours: number }
  | { type: "ingest"; minutes: number }
  | { type: "endpoint"; endpointId: string; reason: string | null };

export type Finding = {
  rule: StoredRule;
  /** What the alert is about: one active alert per rule and subject. */
  subject: string;
  syncId: string | null;
  severity: Severity;
  title: string;
  summary: string;
  figures: Figures;
  context: CauseContext;
};

/** The outcome of evaluating one rule: what holds, and which subjects it looked at. */
export type RuleVerdict = {
  findings: Finding[];
  /**
   * Subjects the rule cannot judge right now (a run in progress): an active alert about one of
   * these stays as it is, neither resolved nor repeated, until the next evaluation can tell.
   */
  undecided: Set<string>;
};

export const n = (v: number) => v.toLocaleString("en-US");
export const pct = (v: number) => `${Math.round(v * 10) / 10}%`;
export const plural = (v: number, one: string, many: string) => `${n(v)} ${v === 1 ? one : many}`;
