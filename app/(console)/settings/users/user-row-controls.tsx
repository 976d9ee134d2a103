"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Select } from "@/components/ui/select";
import { updateUserAction } from "./actions";

type Props = { userId: string; email: string; role: string; disabled: boolean; self: boolean };

/** Role change saves on select; disabling asks first, because it signs the person out. */
export function UserRowControls({ userId, email, role, disabled, self }: Props) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  function update(patch: { role?: string; disabled?: boolean }) {
    setError(null);
    startTransition(async () => {
      const result = await updateUserAction({ userId, ...patch });
      if (!result.ok) setError(result.error);
      setConfirming(false);
    });
  }

  const selfHint = self ? "You can't change your own role or disable yourself; ask another admin." : undefined;

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center justify-end gap-2">
        <Select
          aria-label={`Role for ${email}`}
          value={role}
          disabled={pending || self}
          title={selfHint}
          onChange={(e) => update({ role: e.target.value })}
          className="h-8 w-28 text-xs"
        >
          <option value="viewer">Viewer</option>
          <option value="editor">Editor</option>
          <option value="admin">Admin</option>
        </Select>
        {disabled ? (
          <Button size="sm" variant="secondary" disabled={pending} onClick={() => update({ disabled: false })}>
            Enable
          </Button>
        ) : (
          <Button size="sm" variant="danger" disabled={pending || self} title={selfHint} onClick={() => setConfirming(true)}>
            Disable
          </Button>
        )}
      </div>
      {error && (
        <p role="alert" className="max-w-xs text-right text-xs text-red-600">
          {error}
        </p>
      )}
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Disable ${email}?`}
        description="They are signed out at once and can't sign in until an admin enables them again. Their history stays in the audit log."
      >
        <DialogActions>
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button variant="danger-solid" disabled={pending} onClick={() => update({ disabled: true })}>
            {pending ? "Disabling…" : "Disable user"}
          </Button>
        </DialogActions>
      </Dialog>
    </div>
  );
}
