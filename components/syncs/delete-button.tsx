"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
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
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <>
      <Button variant="danger" size="sm" onClick={() => setOpen(true)}>
        <Trash2 aria-hidden />
        {label}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={title} description={description}>
        {error && <Alert tone="error">{error}</Alert>}
        <DialogActions>
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            variant="danger-solid"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await action(input);
                if (!r.ok) return setError(r.error);
                setOpen(false);
                if (redirectTo) router.push(redirectTo);
                else router.refresh();
              })
            }
          >
            {pending ? "Deleting…" : label}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
