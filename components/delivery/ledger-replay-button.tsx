"use client";

import { RotateCw } from "lucide-react";
import { useLedgerAction, type LedgerAction } from "@/components/delivery/use-ledger-action";
import { Button } from "@/components/ui/button";
import { formatCount } from "@/components/ui/format";

/** Which dead letters a replay sends again: one, or all of the ledger's. */
export type DeadLetterSelection = { deliveryIds: string[] } | { deadLetters: "all" };

/**
 * "Replay" on one dead letter (`deliveryId`), or on all of them; says how many were queued again.
 * `input` makes the owner's server-action input from the selection.
 */
export function LedgerReplayButton({
  deliveryId,
  input,
  action,
  label,
  noun,
}: {
  deliveryId?: string;
  input: (which: DeadLetterSelection) => unknown;
  action: LedgerAction<{ replayed: number }>;
  label: string;
  noun: "event" | "request";
}) {
  const { message, pending, run } = useLedgerAction();
  const said = (r: { replayed: number }) =>
    r.replayed === 0 ? "Nothing to replay." : `${formatCount(r.replayed, noun)} queued to send again.`;
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        size="sm"
        disabled={pending}
        onClick={() => run(action, input(deliveryId ? { deliveryIds: [deliveryId] } : { deadLetters: "all" }), said)}
      >
        <RotateCw aria-hidden />
        {pending ? "Replaying…" : label}
      </Button>
      {message && <span className={`text-xs ${message.ok ? "text-emerald-700" : "text-red-700"}`}>{message.text}</span>}
    </span>
  );
}
