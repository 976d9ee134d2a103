"use client";

import { Pause, Play, RotateCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { DeleteButton } from "@/components/syncs/delete-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { formatCount } from "@/components/ui/format";
import type { ActionResult } from "@/lib/actions/action-result";
import type { ActionState } from "@/lib/webhook-actions/action-schemas";

// The action page's buttons: Set live / Pause and Delete (with what it drops); there is no way
// back to draft (lib/webhook-actions/set-action-state.ts: queued requests would still go out),
// and Replay on dead requests. Each calls a server action and re-reads the page.

type Action<T extends object = object> = (input: unknown) => Promise<ActionResult<T>>;

function useRun() {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const run = <T extends object>(action: Action<T>, input: unknown, said?: (r: T) => string) =>
    start(async () => {
      const r = await action(input);
      setMessage(r.ok ? (said ? { ok: true, text: said(r) } : null) : { ok: false, text: r.error });
      router.refresh();
    });
  return { message, pending, run };
}

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
  setState: Action;
  remove: Action;
}) {
  const { message, pending, run } = useRun();
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
        <DeleteButton
          label="Delete"
          title="Delete this webhook action?"
          description={
            queued > 0
              ? `${formatCount(queued, "request")} not yet delivered (waiting, retrying, held or dead) will be dropped with it. Requests already delivered stay where they are.`
              : "Nothing is waiting to be sent. Requests already delivered stay where they are."
          }
          input={{ actionId }}
          action={remove}
          redirectTo="/webhook-actions"
        />
      </div>
      {message && <Alert tone={message.ok ? "success" : "error"}>{message.text}</Alert>}
    </div>
  );
}

const replayed = (r: { replayed: number }) =>
  r.replayed === 0 ? "Nothing to replay." : `${formatCount(r.replayed, "request")} queued to send again.`;

/** "Replay" on one dead request, or on all of them. */
export function ReplayButton({
  actionId,
  deliveryId,
  action,
  label,
}: {
  actionId: string;
  deliveryId?: string;
  action: Action<{ replayed: number }>;
  label: string;
}) {
  const { message, pending, run } = useRun();
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        size="sm"
        disabled={pending}
        onClick={() => run(action, { actionId, which: deliveryId ? { deliveryIds: [deliveryId] } : { deadLetters: "all" } }, replayed)}
      >
        <RotateCw aria-hidden />
        {pending ? "Replaying…" : label}
      </Button>
      {message && <span className={`text-xs ${message.ok ? "text-emerald-700" : "text-red-700"}`}>{message.text}</span>}
    </span>
  );
}
