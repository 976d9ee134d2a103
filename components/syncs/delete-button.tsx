"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import type { ActionResult } from "@/lib/actions/action-result";

/** A confirmed delete for a sync, destination or rule; goes to `redirectTo` when done. */
export function DeleteButton({
  label,
  title,
  description,
  input,
  action,
  redirectTo,
}: {
  label: string;
  title: string;
  description: ReactNode;
  input: unknown;
  action: (input: unknown) => Promise<ActionResult>;
  redirectTo?: string;
}) {
  const router = useRouter();
  return (
    <ConfirmButton
      variant="danger"
      label={
        <>
          <Trash2 aria-hidden />
          {label}
        </>
      }
      title={title}
      description={description}
      confirm={label}
      pendingLabel="Deleting…"
      confirmVariant="danger-solid"
      run={() => action(input)}
      onDone={() => (redirectTo ? router.push(redirectTo) : router.refresh())}
    />
  );
}
