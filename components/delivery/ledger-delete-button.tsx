"use client";

import type { LedgerAction } from "@/components/delivery/use-ledger-action";
import { DeleteButton } from "@/components/syncs/delete-button";
import { formatCount } from "@/components/ui/format";

// Delete on a ledger's page (an event stream, a webhook action), saying what it drops: what is
// not yet delivered goes with it, what was delivered stays where it is.

const WORDS = {
  event: { plural: "Events", idle: "Nothing is waiting to be delivered." },
  request: { plural: "Requests", idle: "Nothing is waiting to be sent." },
} as const;

export function LedgerDeleteButton({
  title,
  noun,
  undelivered,
  input,
  action,
  redirectTo,
}: {
  title: string;
  noun: keyof typeof WORDS;
  undelivered: number;
  input: unknown;
  action: LedgerAction;
  redirectTo: string;
}) {
  const { plural, idle } = WORDS[noun];
  return (
    <DeleteButton
      label="Delete"
      title={title}
      description={
        undelivered > 0
          ? `${formatCount(undelivered, noun)} not yet delivered (waiting, retrying, held or dead) will be dropped with it. ${plural} already delivered stay where they are.`
          : `${idle} ${plural} already delivered stay where they are.`
      }
      input={input}
      action={action}
      redirectTo={redirectTo}
    />
  );
}
