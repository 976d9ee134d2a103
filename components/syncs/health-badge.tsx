import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { SyncHealth, SyncHealthState } from "@/lib/sync/sync-health";

// The look of the one health model's states (lib/sync/sync-health.ts owns the words).
const look: Record<SyncHealthState, { tone: BadgeTone; dot: string }> = {
  healthy: { tone: "success", dot: "bg-emerald-500" },
  warning: { tone: "warning", dot: "bg-amber-500" },
  failing: { tone: "danger", dot: "bg-red-500" },
  running: { tone: "accent", dot: "bg-indigo-500 animate-pulse" },
  paused: { tone: "neutral", dot: "bg-slate-400" },
  draft: { tone: "neutral", dot: "bg-slate-400" },
  waiting: { tone: "neutral", dot: "bg-slate-300" },
};

export function HealthBadge({ health }: { health: Pick<SyncHealth, "state" | "label"> }) {
  const l = look[health.state];
  return (
    <Badge tone={l.tone}>
      <span className={`size-1.5 rounded-full ${l.dot}`} aria-hidden />
      <span data-testid="health-label">{health.label}</span>
    </Badge>
  );
}

const runTone: Record<string, BadgeTone> = {
  succeeded: "success",
  partial: "warning",
  failed: "danger",
  running: "accent",
  queued: "neutral",
  cancelled: "neutral",
};
/** Run and batch statuses in a marketer's words. */
export const RUN_STATUS_LABEL: Record<string, string> = {
  succeeded: "Succeeded",
  partial: "Partly delivered",
  failed: "Failed",
  running: "Running",
  queued: "Queued",
  cancelled: "Cancelled",
};

/** What started a run, in words. */
export const TRIGGER_LABEL: Record<string, string> = {
  schedule: "Schedule",
  manual: "Sync now",
  api: "API",
  segment_change: "Segment change",
  retry: "Retry",
};

export const TRIGGER_PHRASE: Record<string, string> = {
  schedule: "Started on schedule",
  manual: "Started with Sync now",
  api: "Started through the API",
  segment_change: "Started by a segment change",
  retry: "A retry",
};

export function RunStatusBadge({ status, dryRun }: { status: string; dryRun?: boolean }) {
  return (
    <Badge tone={dryRun ? "neutral" : (runTone[status] ?? "neutral")}>
      {status === "running" && <span className="size-1.5 animate-pulse rounded-full bg-indigo-500" aria-hidden />}
      {dryRun ? "Preview" : (RUN_STATUS_LABEL[status] ?? status)}
    </Badge>
  );
}
