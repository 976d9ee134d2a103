import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { EndpointHealth, EndpointState } from "@/lib/delivery/endpoint-figures";

// The look of a stream's delivery states; the words come from the ledger (lib/delivery/endpoint-figures.ts).
const look: Record<EndpointState, { tone: BadgeTone; dot: string }> = {
  flowing: { tone: "success", dot: "bg-emerald-500" },
  idle: { tone: "neutral", dot: "bg-slate-300" },
  retrying: { tone: "warning", dot: "bg-amber-500 animate-pulse" },
  throttled: { tone: "warning", dot: "bg-amber-500" },
  holding: { tone: "danger", dot: "bg-red-500" },
  paused: { tone: "neutral", dot: "bg-slate-400" },
};

export const healthTone = (state: EndpointState): BadgeTone => look[state].tone;

export function StreamStatusBadge({ health }: { health: Pick<EndpointHealth, "state" | "word"> }) {
  const l = look[health.state];
  return (
    <Badge tone={l.tone}>
      <span className={`size-1.5 rounded-full ${l.dot}`} aria-hidden />
      <span data-testid="stream-status">{health.word}</span>
    </Badge>
  );
}

/** "3 min", "45 s", "2 h": a lag in words. */
export function lagWords(seconds: number | null): string {
  if (seconds === null) return "None";
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${+(seconds / 3600).toFixed(1)} h`;
  return `${+(seconds / 86_400).toFixed(1)} d`;
}
