"use client";

import { UserPlus } from "lucide-react";
import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { ActionFailure } from "@/lib/actions/action-result";
import { createUserAction } from "./actions";

type RoleOption = { value: string; description: string };

export function CreateUserDialog({ roles }: { roles: RoleOption[] }) {
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [role, setRole] = useState("viewer");
  const [pending, startTransition] = useTransition();

  function close() {
    setOpen(false);
    setFailure(null);
    setRole("viewer");
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const input = Object.fromEntries(new FormData(e.currentTarget));
    startTransition(async () => {
      const result = await createUserAction(input);
      if (result.ok) close();
      else setFailure(result);
    });
  }

  const err = (field: string) => failure?.fieldErrors?.[field];
  const invalid = (field: string) => (err(field) ? { "aria-invalid": true, "aria-describedby": `${field}-error` } : {});

  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <UserPlus aria-hidden />
        Create user
      </Button>
      <Dialog
        open={open}
        onClose={close}
        title="Create user"
        description="They sign in with this email and password. Share the password with them privately; they can't change it yet."
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {failure && !failure.fieldErrors && <Alert tone="error">{failure.error}</Alert>}
          <Field label="Email" htmlFor="email" error={err("email")}>
            <Input id="email" name="email" type="email" required autoComplete="off" {...invalid("email")} />
          </Field>
          <Field label="Name" htmlFor="name" hint="Optional. Shown in the user list and the audit log." error={err("name")}>
            <Input id="name" name="name" autoComplete="off" {...invalid("name")} />
          </Field>
          <Field label="Role" htmlFor="role" hint={roles.find((r) => r.value === role)?.description} error={err("role")}>
            <Select id="role" name="role" value={role} onChange={(e) => setRole(e.target.value)}>
              {roles.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.value[0].toUpperCase() + r.value.slice(1)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Initial password" htmlFor="password" hint="At least 10 characters." error={err("password")}>
            <Input id="password" name="password" type="password" required autoComplete="new-password" {...invalid("password")} />
          </Field>
          <DialogActions>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create user"}
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}
