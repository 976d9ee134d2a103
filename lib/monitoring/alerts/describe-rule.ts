import { COUNTERS, KIND_LABELS, type StoredRule } from "@/lib/monitoring/alerts/rule-schemas";

// A rule's condition in one line, as the rules list shows it ("Segment size moves more than 20%
// from the median of the last 5 runs"). Pure: the page and the API share it.
export function describeRule(rule: Pick<StoredRule, "kind" | "params">): string {
  const p = rule.params as Record<string, unknown>;
  const critical = p.criticalPercent != null ? `; critical above ${p.criticalPercent}%` : "";
  switch (rule.kind) {
    case "rejected_rows":
      return `The destination rejects more than ${p.percent}% of the rows sent in a run${critical}`;
    case "counter_deviation":
      return `${COUNTERS[p.counter as keyof typeof COUNTERS]} moves more than ${p.percent}% from the median of the last ${p.runs} runs${critical}`;
    case "delivery_gap":
      return `Delivered is more than ${p.percent}% short of eligible`;
    case "event_volume_drop":
      return `“${p.event}” falls more than ${p.percent}% in the last ${p.hours} h against the same hours last week (when last week had at least ${p.minimumLastWeek})`;
    case "ingest_rejections":
      return `At least ${p.threshold} incoming messages refused in ${p.minutes} minutes`;
    case "delivery_backlog":
      return [
        p.lagMinutes != null ? `the oldest waiting event is over ${p.lagMinutes} minutes old` : null,
        p.dead != null ? `${p.dead} or more dead letters` : null,
      ]
        .filter(Boolean)
        .join(" or ")
        .replace(/^./, (c) => c.toUpperCase());
    default:
      return KIND_LABELS[rule.kind];
  }
}
