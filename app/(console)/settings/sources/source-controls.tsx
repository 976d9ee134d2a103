"use client";

import { Eye } from "lucide-react";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action-result";
import { revealApiKeyAction, revokeSourceAction, rotateKeyAction, setSigningKeyAction } from "./actions";

/** The Customer.io API key stays on the server until an admin asks to see it. */
export function RevealApiKey({ sourceId }: { sourceId: string }) {
  const [key, setKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (key) return <CopyField value={key} label="Customer.io Track API key" />;
  return (
    <div className="flex items-center gap-3">
      <Button
        size="sm"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const r = await revealApiKeyAction({ sourceId });
            if (r.ok) setKey(r.apiKey);
            else setError(r.error);
          })
        }
      >
        <Eye aria-hidden />
        Reveal API key
      </Button>
      {error && <span className="text-xs text-red-700">{error}</span>}
    </div>
  );
}

/** A button that asks first: rotating or revoking breaks every client still using the old key. */
export function ConfirmAction({
  label,
  title,
  description,
  confirm,
  danger,
  run,
}: {
  label: string;
  title: string;
  description: string;
  confirm: string;
  danger?: boolean;
  run: () => Promise<ActionResult>;
}) {
  return (
    <ConfirmButton
      label={label}
      variant={danger ? "danger" : "secondary"}
      title={title}
      description={description}
      confirm={confirm}
      pendingLabel="Working…"
      confirmVariant={danger ? "danger-solid" : "primary"}
      run={run}
    />
  );
}

export function RotateButton({ sourceId, keyName, label }: { sourceId: string; keyName: "write_key" | "cio_api_key"; label: string }) {
  return (
    <ConfirmAction
      label={`Rotate ${label}`}
      title={`Rotate the ${label}?`}
      description={`A new ${label} is issued and the current one stops working immediately. Update every client that uses it.`}
      confirm="Rotate now"
      run={() => rotateKeyAction({ sourceId, key: keyName })}
    />
  );
}

export function RevokeButton({ sourceId, name }: { sourceId: string; name: string }) {
  return (
    <ConfirmAction
      label="Revoke source"
      title={`Revoke “${name}”?`}
      description="Every request with this source's write key, Track API key or webhook URL gets 401 from now on. Its people and events stay. This can't be undone."
      confirm="Revoke source"
      danger
      run={() => revokeSourceAction({ sourceId })}
    />
  );
}

export function SigningKeyForm({ sourceId, isSet }: { sourceId: string; isSet: boolean }) {
  const [value, setValue] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    startTransition(async () => {
      const r = await setSigningKeyAction({ sourceId, webhookSigningKey: value });
      setMessage(r.ok ? { ok: true, text: "Signing key saved." } : { ok: false, text: r.fieldErrors?.webhookSigningKey ?? r.error });
      if (r.ok) setValue("");
    });
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-center gap-2">
      <Input
        aria-label="Webhook signing key"
        placeholder={isSet ? "Set · paste a new key to replace it" : "Paste the signing key from Customer.io"}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        className="max-w-sm font-mono text-xs"
        autoComplete="off"
      />
      <Button type="submit" size="sm" variant="secondary" disabled={pending || !value.trim()}>
        {isSet ? "Replace key" : "Save key"}
      </Button>
      {message && <span className={message.ok ? "text-xs text-emerald-700" : "text-xs text-red-700"}>{message.text}</span>}
    </form>
  );
}
