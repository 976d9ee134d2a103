"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import type { ActionResult } from "@/lib/actions/action-result";

// Unmarking is confirmed in words because it is not a no-op for audiences: the person counts as a
// person again and the next refresh may put them into segments that feed live syncs.
export function UnmarkTestProfileButton({
  id,
  label,
  action,
}: {
  id: string;
  label: string;
  action: (input: unknown) => Promise<ActionResult>;
}) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Unmark"
      ariaLabel={`Unmark ${label}`}
      title={`Unmark ${label}?`}
      description="They become people again and may join segments at the next refresh, and from there live audiences."
      confirm="Unmark"
      pendingLabel="Unmarking…"
      run={() => action({ id })}
      onDone={() => router.refresh()}
    />
  );
}
