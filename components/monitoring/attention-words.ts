import type { BadgeTone } from "@/components/ui/badge";

// Why a sync is near the top of Monitoring, in a word and a colour (lib/monitoring/load-monitoring.ts decides).
export const ATTENTION_LOOK: Record<string, { label: string; tone: BadgeTone; text: string }> = {
  failing: { label: "Failing", tone: "danger", text: "text-red-700" },
  paused: { label: "Paused", tone: "neutral", text: "text-slate-600" },
  drifting: { label: "Drifting", tone: "warning", text: "text-amber-700" },
  overdue: { label: "Overdue", tone: "warning", text: "text-amber-700" },
  warning: { label: "Needs a look", tone: "warning", text: "text-amber-700" },
};
