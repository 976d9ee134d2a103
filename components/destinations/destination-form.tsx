"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { SettingsFields, toPayload, toValues, type FieldValues } from "@/components/destinations/settings-fields";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/action-result";
import type { DestinationKindSpec } from "@/lib/destinations/destination-form";

type Props = {
  spec: DestinationKindSpec;
  /** Present when editing: saved name and settings, and which secrets are set (never their values). */
  initial?: { destinationId: string; name: string; settings: Record<string, unknown>; credentialsSet: string[] };
  action: (input: unknown) => Promise<ActionResult<{ id?: string }>>;
};

/** Create or edit a destination of one kind. Creating lands on its page with the connection test result. */
export function DestinationForm({ spec, initial, action }: Props) {
  const router = useRouter();
  const [name, setName] = useState(initial?.name ?? "");
  const [settings, setSettings] = useState<FieldValues>(() => toValues(spec.settings, initial?.settings));
  const [secrets, setSecrets] = useState<FieldValues>(() => toValues(spec.credentials));
  const [failure, setFailure] = useState<{ error: string; fieldErrors?: Record<string, string> } | null>(null);
  const addressLabels = spec.settings.filter((f) => spec.addressSettings.includes(f.name)).map((f) => f.label);
  const [saved, setSaved] = useState(false);
  const [pending, start] = useTransition();

  function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setSaved(false);
    const input = { name, settings: toPayload(spec.settings, settings), credentials: toPayload(spec.credentials, secrets) };
    start(async () => {
      const result = await action(initial ? { ...input, destinationId: initial.destinationId } : { ...input, kind: spec.kind });
      if (!result.ok) return setFailure(result);
      if (!initial && result.id) router.push(`/destinations/${result.id}`);
      else {
        setSaved(true);
        setSecrets(toValues(spec.credentials));
        router.refresh();
      }
    });
  }

  return (
    <form onSubmit={submit} className="space-y-6" noValidate>
      {failure && <Alert tone="error">{failure.error}</Alert>}
      {saved && <Alert tone="success">Saved. Test the connection to check the new settings.</Alert>}
      <Field
        label="Name"
        htmlFor="destination-name"
        hint="How this destination appears in syncs, e.g. “Growth webhook”."
        error={failure?.fieldErrors?.name}
      >
        <Input id="destination-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
      </Field>
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">Settings</legend>
        <SettingsFields
          fields={spec.settings}
          values={settings}
          onChange={(k, v) => setSettings((s) => ({ ...s, [k]: v }))}
          errors={failure?.fieldErrors}
        />
      </fieldset>
      {spec.credentials.length > 0 && (
        <fieldset className="space-y-4 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200" aria-describedby="credentials-note">
          <div>
            <h3 className="text-sm font-semibold text-slate-900">Credentials</h3>
            <p id="credentials-note" className="mt-0.5 text-xs text-slate-500">
              Encrypted at rest and never shown again, not even to admins.
              {initial &&
                addressLabels.length > 0 &&
                ` They are only ever sent to the saved ${addressLabels.join(" and ")}: to change it, enter every credential again.`}
            </p>
          </div>
          <SettingsFields
            fields={spec.credentials}
            values={secrets}
            onChange={(k, v) => setSecrets((s) => ({ ...s, [k]: v }))}
            errors={failure?.fieldErrors}
            savedSecrets={initial?.credentialsSet}
          />
        </fieldset>
      )}
      <div className="flex justify-end gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? (initial ? "Saving…" : "Connecting…") : initial ? "Save changes" : "Connect and test"}
        </Button>
      </div>
    </form>
  );
}
