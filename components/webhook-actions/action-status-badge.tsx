import { StreamStatusBadge } from "@/components/streams/stream-status-badge";
import { Badge } from "@/components/ui/badge";
import type { ActionStatus } from "@/lib/webhook-actions/action-figures";
import type { ActionState } from "@/lib/webhook-actions/action-schemas";

// An action's state (Draft / Live / Paused) and, once it has been live, the ledger's own status
// word with the event streams' look (Flowing, Retrying, Holding…), both from lib/webhook-actions
// (action-view.ts's stateWord, action-figures.ts's status): the badge says nothing of its own.

const stateTone = { draft: "neutral", live: "accent", paused: "warning" } as const;

export function ActionStatusBadge({ state, stateWord, status }: { state: ActionState; stateWord: string; status: ActionStatus }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5" data-testid="action-status">
      <Badge tone={stateTone[state]}>{stateWord}</Badge>
      {status.state !== "draft" && status.word !== stateWord && <StreamStatusBadge health={{ state: status.state, word: status.word }} />}
    </span>
  );
}
