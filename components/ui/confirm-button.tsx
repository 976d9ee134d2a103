"use client";

import { useState, useTransition, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";

/** What the confirmed step answers (a server action's result): a refusal is shown in the dialog. */
export type ConfirmResult = { ok: true } | { ok: false; error: string };

/**
 * A button that asks first: the dialog says what will happen, Cancel closes it, the confirm button
 * runs the step and closes on success (then `onDone`), or keeps the dialog open with the refusal.
 */
export function ConfirmButton({
  label,
  ariaLabel,
  variant = "secondary",
  title,
  description,
  confirm,
  pendingLabel,
  confirmVariant = "primary",
  run,
  onDone,
}: {
  label: ReactNode;
  ariaLabel?: string;
  variant?: ButtonVariant;
  title: string;
  description: ReactNode;
  confirm: string;
  pendingLabel: string;
  confirmVariant?: ButtonVariant;
  run: () => Promise<ConfirmResult>;
  onDone?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const close = () => {
    setOpen(false);
    setError(null);
  };
  return (
    <>
      <Button variant={variant} size="sm" onClick={() => setOpen(true)} aria-label={ariaLabel}>
        {label}
      </Button>
      <Dialog open={open} onClose={close} title={title} description={description}>
        {error && <Alert tone="error">{error}</Alert>}
        <DialogActions>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button
            variant={confirmVariant}
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await run();
                if (!r.ok) return setError(r.error);
                close();
                onDone?.();
              })
            }
          >
            {pending ? pendingLabel : confirm}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
