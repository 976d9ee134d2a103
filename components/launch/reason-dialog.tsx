"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/action-result";

/** A dialog that asks for a reason (a waiver, an override, a rejection) and sends it. */
export function ReasonDialog({
  open,
  onClose,
  title,
  description,
  label,
  confirm,
  optional = false,
  onConfirm,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description: ReactNode;
  label: string;
  confirm: string;
  optional?: boolean;
  onConfirm: (reason: string) => Promise<ActionResult>;
}) {
  const router = useRouter();
  const id = useId();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const close = () => {
    setReason("");
    setError(null);
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title={title} description={description}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea
        id={id}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        rows={3}
        maxLength={1000}
        className="mt-1.5 block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
      />
      {error && (
        <Alert tone="error" className="mt-3">
          {error}
        </Alert>
      )}
      <DialogActions>
        <Button variant="secondary" onClick={close}>
          Cancel
        </Button>
        <Button
          disabled={pending || (!optional && reason.trim().length < 3)}
          onClick={() =>
            start(async () => {
              const r = await onConfirm(reason.trim());
              if (!r.ok) return setError(r.error);
              close();
              router.refresh();
            })
          }
        >
          {confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
