import type { Connector, DestinationKind } from "@/lib/connectors/contract";
import { connectorFor } from "@/lib/connectors/registry";
import { counterHistory, type CounterPoint } from "@/lib/monitoring/alerts/counter-history";
import { n, pct, plural, type Finding, type Figures, type RuleVerdict } from "@/lib/monitoring/alerts/finding";
import { COUNTERS, type Severity, type StoredRule } from "@/lib/monitoring/alerts/rule-schemas";
import type { SyncFacts } from "@/lib/monitoring/alerts/sync-facts";
import { visibility } from "@/lib/sync/safety-rails";

// The rules about one sync each: the defaults every sync has and the ones people add. Each reads
// the facts loaded once for every sync (sync-facts.ts); a deviation rule adds one statement for
// its counter's history.

type Rails = Pick<Connector<unknown, unknown>, "label" | "minimumAudienceSize" | "visibilityDelayHours">;

function railsOf(kind: string): Rails | null {
  try {
    return connectorFor(kind as DestinationKind) as Rails;
  } catch {
    return null; // a kind whose connector is not in this build: no platform rules for it
  }
}

export function inScope(rule: StoredRule, f: SyncFacts): boolean {
  if (rule.scope.type === "sync") return rule.scope.id === f.syncId;
  if (rule.scope.type === "destination") return rule.scope.id === f.destinationId;
  return true;
}

const escalated = (rule: StoredRule, value: number): Severity => {
  const critical = "criticalPercent" in rule.params ? rule.params.criticalPercent : null;
  return critical != null && value > critical ? "critical" : rule.severity;
};

export async function evaluateSyncRule(rule: StoredRule, facts: SyncFacts[]): Promise<RuleVerdict> {
  const scoped = facts.filter((f) => inScope(rule, f));
  const findings: Finding[] = [];
  const undecided = new Set<string>();
  const history =
    rule.kind === "counter_deviation"
      ? await counterHistory(
          rule.params.counter,
          rule.params.runs,
          scoped.map((f) => f.syncId),
        )
      : null;
  for (const f of scoped) {
    // A run in progress will settle the question; until it ends, what is open stays open.
    if (f.health.state === "running") undecided.add(f.syncId);
    const hit = judge(rule, f, history?.get(f.syncId) ?? null);
    if (!hit) continue;
    findings.push({
      rule,
      subject: f.syncId,
      syncId: f.syncId,
      severity: hit.severity ?? rule.severity,
      title: `${f.name}: ${hit.title}`,
      summary: hit.summary,
      figures: { sync: f.name, segment: f.segmentName, destination: f.destinationName, ...hit.figures },
      context: {
        type: "sync",
        syncId: f.syncId,
        segmentId: f.segmentId,
        runId: f.run?.id ?? null,
        kind: f.kind,
        since: f.run?.finishedAt ?? null,
      },
    });
  }
  return { findings, undecided };
}

type Hit = { title: string; summary: string; figures: Figures; severity?: Severity };

function judge(rule: StoredRule, f: SyncFacts, point: CounterPoint | null): Hit | null {
  const run = f.run;
  const runFigures: Figures = run ? { added: run.added, removed: run.removed, failed: run.failed, rejected: run.invalid } : {};
  switch (rule.kind) {
    case "run_failed":
      // A sync the engine paused is the access rule's alert, not a second one about the same failure.
      if (f.state !== "live" || run?.status !== "failed") return null;
      return {
        title: "the last run failed",
        summary: f.health.state === "failing" && f.health.cause ? f.health.cause : (run.error ?? "The last run failed."),
        figures: { ...runFigures, "to add": run.toAdd, "to remove": run.toRemove },
      };
    case "auth_lost":
      // The health model's "failing" for a paused sync is a pause by the engine (an auth error), not a person's choice.
      if (f.state !== "paused" || f.health.state !== "failing") return null;
      return {
        title: "paused because the destination refused access",
        summary: `The sync was paused after ${f.destinationName} refused access: ${(f.pausedReason ?? "no reason given").replace(/\.+$/, "")}. Fix the destination's connection, then resume the sync.`,
        figures: runFigures,
      };
    case "removals_refused":
      if (!run || run.refusedRemovals <= 0) return null;
      return {
        title: "removals refused by the platform",
        summary: `${railsOf(f.kind)?.label ?? f.destinationName} refused ${plural(run.refusedRemovals, "removal", "removals")} in the last run to keep the audience above its minimum size. Those people are still in the audience.`,
        figures: { ...runFigures, "refused removals": run.refusedRemovals },
      };
    case "rejected_rows": {
      if (!run) return null;
      const sent = run.added + run.invalid;
      if (sent <= 0 || run.invalid <= 0) return null;
      const share = (run.invalid / sent) * 100;
      if (share <= rule.params.percent) return null;
      return {
        title: `${pct(share)} of rows rejected`,
        summary: `The destination rejected ${plural(run.invalid, "row", "rows")} of ${n(sent)} sent in the last run (${pct(share)}, above ${pct(rule.params.percent)}). The run page lists who and why.`,
        figures: { ...runFigures, "rejected %": Math.round(share * 10) / 10 },
        severity: escalated(rule, share),
      };
    }
    case "counter_deviation": {
      if (!point) return null;
      const label = COUNTERS[rule.params.counter];
      const { latest, median } = point;
      const change = median === 0 ? (latest === 0 ? 0 : Infinity) : ((latest - median) / Math.abs(median)) * 100;
      if (Math.abs(change) <= rule.params.percent) return null;
      const isRate = rule.params.counter === "match_rate";
      const show = (v: number) => (isRate ? `${Math.round(v * 1000) / 10}%` : n(Math.round(v)));
      const moved = Number.isFinite(change) ? `${change < 0 ? "fell" : "rose"} ${pct(Math.abs(change))}` : "rose from zero";
      return {
        title: `${label.toLowerCase()} ${moved}`,
        summary: `${label} ${moved} against the median of the last ${point.runs} runs: ${show(latest)} now, ${show(median)} usually.`,
        figures: {
          [label.toLowerCase()]: latest,
          [`median of last ${point.runs}`]: median,
          "change %": Number.isFinite(change) ? Math.round(change * 10) / 10 : null,
        },
        severity: escalated(rule, Math.abs(change)),
      };
    }
    case "segment_empty":
      if (!f.segmentRefreshedAt || f.segmentSize > 0) return null;
      return {
        title: "the segment has no members",
        summary: `The segment “${f.segmentName}” has no members, so the audience will empty on the next run.`,
        figures: { "segment size": 0 },
      };
    case "below_minimum": {
      const min = railsOf(f.kind)?.minimumAudienceSize;
      const s = f.snapshot;
      if (!min || !s || s.delivered == null) return null;
      const matched = s.reportedSize ?? (s.matchRate != null ? Math.round(s.delivered * s.matchRate) : s.delivered);
      if (matched >= min) return null;
      return {
        title: "audience below the platform's minimum",
        summary: `${railsOf(f.kind)!.label} serves audiences of at least ${n(min)} matched people; this one has about ${n(matched)} (${n(s.delivered)} delivered). It may not be used for ads until it grows.`,
        figures: { delivered: s.delivered, matched, minimum: min },
      };
    }
    case "not_visible": {
      const rails = railsOf(f.kind);
      if (!rails) return null;
      const v = visibility(rails, f.lastChangeAt, f.snapshot?.platform ?? null);
      if (v.state !== "overdue") return null;
      return {
        title: "audience not visible on the platform yet",
        summary: `${rails.label} still does not show the audience, past the time it usually takes${v.expectedBy ? ` (expected by ${v.expectedBy.toISOString().slice(0, 16).replace("T", " ")} UTC)` : ""}. Check it in the platform's own screens.`,
        figures: { "platform size": f.snapshot?.platform?.size ?? null, "platform status": f.snapshot?.platform?.status ?? null },
      };
    }
    case "delivery_gap": {
      const s = f.snapshot;
      if (!s || !s.eligible || s.delivered == null) return null;
      const gap = ((s.eligible - s.delivered) / s.eligible) * 100;
      if (gap <= rule.params.percent) return null;
      return {
        title: `delivered ${pct(gap)} short of eligible`,
        summary: `${n(s.eligible)} people are eligible (the segment less suppressed, held out and those without an identifier), but ${n(s.delivered)} are in the audience: ${pct(gap)} short, above ${pct(rule.params.percent)}.`,
        figures: { "segment size": s.segmentSize, eligible: s.eligible, delivered: s.delivered, "gap %": Math.round(gap * 10) / 10 },
      };
    }
    default:
      return null;
  }
}
