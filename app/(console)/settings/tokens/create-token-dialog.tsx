"use client";

import { KeyRound } from "lucide-react";
import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { ActionFailure } from "@/lib/actions/action-result";
import { createTokenAction } from "./actions";

type RoleOption = { value: string; description: string };

/** Create, then show the plaintext once. Closing the dialog drops it from memory for good. */
export function CreateTokenDialog({ roles }: { roles: RoleOption[] }) {
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [role, setRole] = useState("viewer");
  const [pending, startTransition] = useTransition();

  function close() {
    setOpen(false);
    setFailure(null);
    setCreated(null);
    setRole("viewer");
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const input = Object.fromEntries(new FormData(e.currentTarget));
    startTransition(async () => {
      const result = await createTokenAction(input);
      if (result.ok) setCreated({ token: result.token, name: result.name });
      else setFailure(result);
    });
  }

  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <KeyRound aria-hidden />
        Create token
      </Button>
      <Dialog open={open} onClose={close} title={created ? `Token “${created.name}” created` : "Create API token"}>
        {created ? (
          <div className="space-y-4">
            <Alert tone="warning" title="Copy this token now">
              It won&apos;t be shown again. Downstream keeps only a fingerprint of it, so a lost token can&apos;t be recovered — revoke it
              and create a new one.
            </Alert>
            <CopyField value={created.token} label="New API token" />
            <DialogActions>
              <Button onClick={close}>I&apos;ve copied it</Button>
            </DialogActions>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            {failure && !failure.fieldErrors && <Alert tone="error">{failure.error}</Alert>}
            <Field
              label="Name"
              htmlFor="token-name"
              hint="What uses it, e.g. “Nightly warehouse export”."
              error={failure?.fieldErrors?.name}
            >
              <Input
                id="token-name"
                name="name"
                required
                maxLength={80}
                autoComplete="off"
                aria-invalid={failure?.fieldErrors?.name ? true : undefined}
              />
            </Field>
            <Field
              label="Role"
              htmlFor="token-role"
              hint={roles.find((r) => r.value === role)?.description}
              error={failure?.fieldErrors?.role}
            >
              <Select id="token-role" name="role" value={role} onChange={(e) => setRole(e.target.value)}>
                {roles.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.value[0].toUpperCase() + r.value.slice(1)}
                  </option>
                ))}
              </Select>
            </Field>
            <DialogActions>
              <Button variant="secondary" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending}>
                {pending ? "Creating…" : "Create token"}
              </Button>
            </DialogActions>
          </form>
        )}
      </Dialog>
    </>
  );
}
