"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
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
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)} aria-label={`Unmark ${label}`}>
        Unmark
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Unmark ${label}?`}
        description="They become people again and may join segments at the next refresh, and from there live audiences."
      >
        {error && <Alert tone="error">{error}</Alert>}
        <DialogActions>
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await action({ id });
                if (!r.ok) return setError(r.error);
                setOpen(false);
                router.refresh();
              })
            }
          >
            {pending ? "Unmarking…" : "Unmark"}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
