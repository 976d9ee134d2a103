"use client";

import { Pause, Play } from "lucide-react";
import { LedgerDeleteButton } from "@/components/delivery/ledger-delete-button";
import { LedgerReplayButton } from "@/components/delivery/ledger-replay-button";
import { useLedgerAction, type LedgerAction } from "@/components/delivery/use-ledger-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/webhook-actions/action-schemas";

// The action page's buttons: Set live / Pause and Delete (with what it drops); there is no way
// back to draft (lib/webhook-actions/set-action-state.ts: queued requests would still go out),
// and Replay on dead requests. Each calls a server action and re-reads the page.

export function ActionStateActions({
  actionId,
  state,
  queued,
  setState,
  remove,
}: {
  actionId: string;
  state: ActionState;
  queued: number;
  setState: LedgerAction;
  remove: LedgerAction;
}) {
  const { message, pending, run } = useLedgerAction();
  const to = (s: ActionState) => () => run(setState, { actionId, state: s });
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">
        {state !== "live" && (
          <Button onClick={to("live")} disabled={pending}>
            <Play aria-hidden /> {state === "paused" ? "Set live again" : "Set live"}
          </Button>
        )}
        {state === "live" && (
          <Button variant="secondary" onClick={to("paused")} disabled={pending}>
            <Pause aria-hidden /> Pause
          </Button>
        )}
        <LedgerDeleteButton
          title="Delete this webhook action?"
          noun="request"
          undelivered={queued}
          input={{ actionId }}
          action={remove}
          redirectTo="/webhook-actions"
        />
      </div>
      {message && <Alert tone={message.ok ? "success" : "error"}>{message.text}</Alert>}
    </div>
  );
}

/** "Replay" on one dead request, or on all of them. */
export function ReplayButton({
  actionId,
  deliveryId,
  action,
  label,
}: {
  actionId: string;
  deliveryId?: string;
  action: LedgerAction<{ replayed: number }>;
  label: string;
}) {
  return (
    <LedgerReplayButton deliveryId={deliveryId} input={(which) => ({ actionId, which })} action={action} label={label} noun="request" />
  );
}
