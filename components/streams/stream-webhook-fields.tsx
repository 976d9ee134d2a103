"use client";

import { Plus, X } from "lucide-react";
import { replaceAt } from "@/components/forms/row-errors";
import type { DestinationDraft, DestinationFieldsProps } from "@/components/streams/stream-form-values";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field, Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

/** A webhook stream's endpoint, extra headers, Authorization, batching and signature style. */
export function StreamWebhookFields({ value: d, onChange, errors, secretSet }: DestinationFieldsProps) {
  const err = (key: string) => errors[key];
  // The server names a header by its name (a record key), so the first such error is shown under them all.
  const headersError = Object.entries(errors).find(([k]) => k.startsWith("destination.settings.headers"))?.[1];
  return (
    <div className="space-y-4">
      <Field
        label="Endpoint URL"
        htmlFor="stream-url"
        hint="https:// (plain http only for localhost)."
        error={err("destination.settings.url")}
      >
        <Input
          id="stream-url"
          value={d.url}
          onChange={(e) => onChange({ url: e.target.value })}
          placeholder="https://hooks.example.com/events"
        />
      </Field>
      <div>
        <Label>Extra headers</Label>
        <div className="mt-1.5 space-y-2">
          {d.headers.map((h, i) => (
            <div key={i} className="flex gap-2">
              <Input
                aria-label="Header name"
                value={h.name}
                placeholder="X-Team"
                onChange={(e) => onChange({ headers: replaceAt(d.headers, i, { name: e.target.value }) })}
              />
              <Input
                aria-label="Header value"
                value={h.value}
                onChange={(e) => onChange({ headers: replaceAt(d.headers, i, { value: e.target.value }) })}
              />
              <Button variant="ghost" aria-label="Remove header" onClick={() => onChange({ headers: d.headers.filter((_, j) => j !== i) })}>
                <X aria-hidden />
              </Button>
            </div>
          ))}
          {headersError && <p className="text-xs text-red-600">{headersError}</p>}
          <Button variant="secondary" size="sm" onClick={() => onChange({ headers: [...d.headers, { name: "", value: "" }] })}>
            <Plus aria-hidden /> Add a header
          </Button>
        </div>
      </div>
      <Field
        label="Authorization header (optional)"
        htmlFor="stream-authorization"
        hint={
          secretSet("authorization")
            ? "•••• set — leave blank to keep it, or type a new value to replace it. Enter it again if you change the URL: it is only sent to the URL it was entered for."
            : "Sent as Authorization on every request, e.g. Bearer …; stored encrypted."
        }
        error={err("destination.credentials.authorization")}
      >
        <Input
          id="stream-authorization"
          type="password"
          autoComplete="off"
          placeholder={secretSet("authorization") ? "••••••••" : undefined}
          value={d.authorization}
          onChange={(e) => onChange({ authorization: e.target.value })}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Events per request" htmlFor="stream-batch" hint="1 to 1,000" error={err("destination.settings.batchSize")}>
          <Input id="stream-batch" inputMode="numeric" value={d.batchSize} onChange={(e) => onChange({ batchSize: e.target.value })} />
        </Field>
        <Field label="Wait to fill a batch (s)" htmlFor="stream-wait" hint="0 to 60" error={err("destination.settings.maxWaitMs")}>
          <Input id="stream-wait" inputMode="decimal" value={d.maxWait} onChange={(e) => onChange({ maxWait: e.target.value })} />
        </Field>
        <Field label="Timeout (s)" htmlFor="stream-timeout" hint="1 to 60" error={err("destination.settings.timeoutMs")}>
          <Input id="stream-timeout" inputMode="decimal" value={d.timeout} onChange={(e) => onChange({ timeout: e.target.value })} />
        </Field>
      </div>
      <Field
        label="Signature"
        htmlFor="stream-signature"
        hint={
          d.signatureMode === "standard"
            ? "webhook-id, webhook-timestamp and webhook-signature headers (Standard Webhooks; libraries exist for most languages)."
            : "X-CIO-Timestamp and X-CIO-Signature, as Customer.io's reporting webhooks sign: a receiver built for Customer.io works unchanged."
        }
      >
        <Select
          id="stream-signature"
          value={d.signatureMode}
          onChange={(e) => onChange({ signatureMode: e.target.value as DestinationDraft["signatureMode"] })}
        >
          <option value="standard">Standard Webhooks</option>
          <option value="customerio">Customer.io compatible</option>
        </Select>
      </Field>
    </div>
  );
}
