"use client";

import { Plus } from "lucide-react";
import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import type { ActionFailure } from "@/lib/actions/action-result";
import { createSourceAction } from "./actions";

export function CreateSourceDialog() {
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [pending, startTransition] = useTransition();

  function close() {
    setOpen(false);
    setFailure(null);
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    startTransition(async () => {
      const result = await createSourceAction({ name: form.name, webhookSigningKey: form.webhookSigningKey?.trim() || undefined });
      if (result.ok) close();
      else setFailure(result);
    });
  }

  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus aria-hidden />
        Add source
      </Button>
      <Dialog
        open={open}
        onClose={close}
        title="Add a source"
        description="One source gets a Segment write key, Customer.io Track credentials and a reporting-webhook URL."
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {failure && !failure.fieldErrors && <Alert tone="error">{failure.error}</Alert>}
          <Field
            label="Name"
            htmlFor="source-name"
            hint="Where the data comes from, e.g. “Web store” or “Customer.io production”."
            error={failure?.fieldErrors?.name}
          >
            <Input id="source-name" name="name" required maxLength={80} autoComplete="off" />
          </Field>
          <Field
            label="Customer.io webhook signing key (optional)"
            htmlFor="source-signing-key"
            hint="From the reporting webhook's settings in Customer.io. You can add it later."
            error={failure?.fieldErrors?.webhookSigningKey}
          >
            <Input id="source-signing-key" name="webhookSigningKey" maxLength={200} autoComplete="off" className="font-mono" />
          </Field>
          <DialogActions>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Adding…" : "Add source"}
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}
