import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { SyncHealth } from "@/lib/sync/list-syncs";

const look: Record<SyncHealth, { tone: BadgeTone; label: string; dot: string }> = {
  healthy: { tone: "success", label: "Healthy", dot: "bg-emerald-500" },
  warning: { tone: "warning", label: "Needs a look", dot: "bg-amber-500" },
  failing: { tone: "danger", label: "Failing", dot: "bg-red-500" },
  idle: { tone: "neutral", label: "Not running", dot: "bg-slate-400" },
  running: { tone: "accent", label: "Running", dot: "bg-indigo-500 animate-pulse" },
};

export function HealthBadge({ health }: { health: SyncHealth }) {
  const l = look[health];
  return (
    <Badge tone={l.tone}>
      <span className={`size-1.5 rounded-full ${l.dot}`} aria-hidden />
      {l.label}
    </Badge>
  );
}

const runTone: Record<string, BadgeTone> = { succeeded: "success", partial: "warning", failed: "danger", running: "accent", queued: "neutral", cancelled: "neutral" };

export function RunStatusBadge({ status, dryRun }: { status: string; dryRun?: boolean }) {
  return (
    <Badge tone={dryRun ? "neutral" : (runTone[status] ?? "neutral")}>
      {status === "running" && <span className="size-1.5 animate-pulse rounded-full bg-indigo-500" aria-hidden />}
      {dryRun ? "Preview" : status[0]!.toUpperCase() + status.slice(1)}
    </Badge>
  );
}
