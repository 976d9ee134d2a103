"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { ChoiceCard } from "@/components/forms/choice-card";
import { FilterRows } from "@/components/forms/filter-rows";
import { OneTimeSecret } from "@/components/forms/one-time-secret";
import { rowErrors } from "@/components/forms/row-errors";
import { PairRows, SecretRows } from "@/components/webhook-actions/action-form-rows";
import {
  definitionFromForm,
  durationSeconds,
  secretsPatch,
  UNITS,
  type ActionFormState,
  type Duration,
} from "@/components/webhook-actions/action-form-values";
import { noteFromFieldError } from "@/components/webhook-actions/template-notes";
import { TemplateEditor } from "@/components/webhook-actions/template-editor";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field, Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/action-result";
import { describeSeconds } from "@/lib/delivery/retry-schedule";
import { HTTP_METHODS } from "@/lib/webhook-actions/action-schemas";

// The webhook action form (new and edit): what fires it, the request in Liquid, its secrets,
// signing, what of the answer is written back, and how fast it may go. The server checks it all
// again (templates parsed, secrets named, segment exists) and names the field it refuses; a
// template problem lands at its line in the editor. A new signed action's key is shown here once.

export type SaveResult = ActionResult<{ id: string; signingKey: string | null }>;

type Props = {
  start: ActionFormState;
  segments: { id: string; name: string }[];
  knownEvents: string[];
  action: (input: unknown) => Promise<SaveResult>;
  /** Editing a saved action: its id, state and version, and the secret names it has. */
  saved?: { id: string; state: "draft" | "live" | "paused"; version: number; secretNames: string[]; retrySchedule: number[] };
};

function DurationInput({ id, value, onChange }: { id: string; value: Duration; onChange: (d: Duration) => void }) {
  return (
    <div className="flex gap-2">
      <Input
        id={id}
        inputMode="decimal"
        className="w-24"
        value={value.amount}
        onChange={(e) => onChange({ ...value, amount: e.target.value })}
      />
      <Select
        aria-label="Unit"
        className="w-32"
        value={value.unit}
        onChange={(e) => onChange({ ...value, unit: e.target.value as Duration["unit"] })}
      >
        {UNITS.map(([u]) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
      </Select>
    </div>
  );
}

export function ActionForm({ start, segments, knownEvents, action, saved }: Props) {
  const router = useRouter();
  const [f, setForm] = useState<ActionFormState>(start);
  const set = <K extends keyof ActionFormState>(key: K, value: ActionFormState[K]) => setForm((s) => ({ ...s, [key]: value }));
  const [failure, setFailure] = useState<{ error: string; fieldErrors?: Record<string, string> } | null>(null);
  const [created, setCreated] = useState<{ id: string; signingKey: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const err = (key: string) => failure?.fieldErrors?.[key];
  const delay = durationSeconds(f.delay);
  const limit = durationSeconds(f.frequencyLimit);
  const segmentTrigger = f.triggerKind !== "event";

  function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const definition = definitionFromForm(f, saved?.retrySchedule);
    const secrets = secretsPatch(f.secrets, saved?.secretNames ?? []);
    // A new secret left without a value would be refused by the templates naming it: say so here.
    const empty = f.secrets.findIndex((r) => r.name.trim() && r.preview === null && !r.value);
    if (empty >= 0) {
      const message = `Enter the value of ${f.secrets[empty]!.name}`;
      return setFailure({ error: `${message}.`, fieldErrors: { [`secrets.${empty}`]: message } });
    }
    // An edit sends the description even when emptied (null clears it; left out would keep it).
    const input = saved
      ? { actionId: saved.id, ...definition, description: definition.description ?? null, secrets }
      : { ...definition, secrets };
    startTransition(async () => {
      const result = await action(input);
      if (!result.ok) return setFailure(result);
      if (result.signingKey) return setCreated({ id: result.id, signingKey: result.signingKey });
      router.push(`/webhook-actions/${result.id}`);
      router.refresh();
    });
  }

  if (created)
    return (
      <div className="space-y-4" data-testid="action-created">
        <Alert tone="success">Saved as a draft. Nothing is sent until you set it live.</Alert>
        <OneTimeSecret label="Signing key" value={created.signingKey}>
          Your endpoint uses it to check that each request came from Downstream. It is stored encrypted and will not be shown again.
        </OneTimeSecret>
        <Link href={`/webhook-actions/${created.id}`} className={buttonClasses()}>
          Go to the action
        </Link>
      </div>
    );

  return (
    <form onSubmit={submit} className="space-y-8" noValidate>
      {failure && <Alert tone="error">{failure.error}</Alert>}
      <Field
        label="Name"
        htmlFor="action-name"
        hint="How this action appears in the list, e.g. “Cart abandoner → CRM”."
        error={err("name")}
      >
        <Input id="action-name" value={f.name} maxLength={120} onChange={(e) => set("name", e.target.value)} />
      </Field>

      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">When it fires</legend>
        <div className="grid gap-3 sm:grid-cols-3" role="radiogroup" aria-label="Trigger">
          {(
            [
              ["segment_entered", "Enters a segment", "Once per person entering; not on every refresh."],
              ["segment_exited", "Leaves a segment", "Once per person leaving."],
              ["event", "Does an event", "Each matching event, as it arrives."],
            ] as const
          ).map(([k, title, words]) => (
            <ChoiceCard
              key={k}
              name="trigger"
              checked={f.triggerKind === k}
              onSelect={() => set("triggerKind", k)}
              title={title}
              words={words}
            />
          ))}
        </div>
        {segmentTrigger ? (
          <Field label="Segment" htmlFor="action-segment" error={err("trigger.segmentId")}>
            <Select id="action-segment" value={f.segmentId} onChange={(e) => set("segmentId", e.target.value)}>
              <option value="">Choose a segment…</option>
              {segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </Select>
          </Field>
        ) : (
          <>
            <Field label="Event name" htmlFor="action-event" error={err("trigger.eventName")}>
              <Input
                id="action-event"
                list="action-known-events"
                value={f.eventName}
                placeholder="checkout_started"
                onChange={(e) => set("eventName", e.target.value)}
              />
            </Field>
            <datalist id="action-known-events">
              {knownEvents.map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
            <div>
              <Label>Only when (all must hold)</Label>
              <div className="mt-1.5">
                <FilterRows
                  rows={f.filters}
                  onChange={(r) => set("filters", r)}
                  errors={rowErrors(err, "trigger.filters", f.filters.length, ["property", "value"])}
                  placeholder="cart_value"
                />
              </div>
            </div>
          </>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Wait before sending"
            htmlFor="action-delay"
            error={err("delaySeconds")}
            hint={
              delay
                ? `Sent ${describeSeconds(delay)} later${f.triggerKind === "segment_entered" ? ", only if the person is still in the segment" : f.triggerKind === "segment_exited" ? ", only if the person is still out of it" : ""}.`
                : "Blank: sent right away."
            }
          >
            <DurationInput id="action-delay" value={f.delay} onChange={(d) => set("delay", d)} />
          </Field>
          <Field
            label="At most once per person every"
            htmlFor="action-frequency"
            error={err("frequencyLimitSeconds")}
            hint={
              limit
                ? `A person is sent this at most once per ${describeSeconds(limit)}; the rest are skipped (counted as skipped).`
                : "Blank: no limit."
            }
          >
            <DurationInput id="action-frequency" value={f.frequencyLimit} onChange={(d) => set("frequencyLimit", d)} />
          </Field>
        </div>
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-900">The request</legend>
        <p className="text-xs text-slate-500">
          URL, header values and body are Liquid templates. In scope: <code>customer</code> (attributes, <code>id</code>, <code>email</code>
          , <code>phone</code>), <code>event</code> (its properties), <code>segment</code> (<code>id</code>, <code>name</code>),{" "}
          <code>trigger</code> (<code>kind</code>, <code>at</code>) and <code>secrets</code>. Filters: <code>default</code>,{" "}
          <code>json</code>, <code>date</code>, <code>sha256</code> and Liquid&apos;s own. An attribute a person lacks renders empty, and
          the simulator warns about it.
        </p>
        <div className="flex gap-2">
          <div className="w-32">
            <Label htmlFor="action-method">Method</Label>
            <Select
              id="action-method"
              className="mt-1.5"
              value={f.method}
              onChange={(e) => set("method", e.target.value as ActionFormState["method"])}
            >
              {HTTP_METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </Select>
          </div>
          <div className="flex-1">
            <Field label="URL" htmlFor="action-url" hint="https:// (plain http only for localhost)." error={err("request.url")}>
              <Input
                id="action-url"
                className="font-mono text-xs"
                value={f.url}
                onChange={(e) => set("url", e.target.value)}
                placeholder="https://api.example.com/v1/…"
              />
            </Field>
          </div>
        </div>
        <div>
          <Label>Headers</Label>
          <div className="mt-1.5">
            <PairRows
              rows={f.headers}
              onChange={(r) => set("headers", r)}
              keys={["name", "value"]}
              labels={["Header name", "Header value"]}
              placeholders={["Authorization", "Bearer {{ secrets.api_key }}"]}
              addLabel="Add a header"
              errors={rowErrors(err, "request.headers", f.headers.length, ["name", "value"])}
              mono
            />
          </div>
        </div>
        <div>
          <Label htmlFor="action-body">Body</Label>
          <div className="mt-1.5">
            <TemplateEditor
              id="action-body"
              value={f.body}
              onChange={(v) => set("body", v)}
              notes={noteFromFieldError(err("request.body"))}
              describedBy="action-body-notes"
            />
          </div>
          {(f.method === "GET" || f.method === "DELETE") && (
            <p className="mt-1.5 text-xs text-slate-500">A {f.method} is sent without a body when this is empty.</p>
          )}
        </div>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-900">Secrets</legend>
        <p className="text-xs text-slate-500">
          API keys and tokens, used as <code>{"{{ secrets.name }}"}</code>. Stored encrypted, shown only as their last 4 characters, and
          never kept in any delivery or attempt record.
        </p>
        <SecretRows
          rows={f.secrets}
          onChange={(r) => set("secrets", r)}
          errors={f.secrets.map((r, i) => err(`secrets.${i}`) ?? err(`secrets.${r.name}`))}
        />
        {err("secrets") && <p className="text-xs text-red-600">{err("secrets")}</p>}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-900">Signing</legend>
        <div className="space-y-2" role="radiogroup" aria-label="Signing">
          {(
            [
              ["none", "Not signed"],
              ["standard", "Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)"],
              ["header", "HMAC-SHA256 of the body in a header you name"],
            ] as const
          ).map(([mode, words]) => (
            <label key={mode} className="flex items-center gap-2 text-sm text-slate-700">
              <input type="radio" name="signing" checked={f.signing === mode} onChange={() => set("signing", mode)} />
              {words}
            </label>
          ))}
        </div>
        {f.signing === "header" && (
          <Field label="Signature header" htmlFor="action-signing-header" error={err("signing.header")}>
            <Input
              id="action-signing-header"
              className="max-w-xs font-mono text-xs"
              value={f.signingHeader}
              onChange={(e) => set("signingHeader", e.target.value)}
            />
          </Field>
        )}
        {f.signing !== "none" && (
          <p className="text-xs text-slate-500">
            {saved?.state && start.signing !== "none"
              ? "The action keeps its signing key."
              : "A signing key is made when you save, and shown once so you can put it in your endpoint."}
          </p>
        )}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-900">Write the answer back (optional)</legend>
        <p className="text-xs text-slate-500">
          On a 2xx JSON answer, copy a field of the response onto the person, e.g. <code>data.tier</code> → <code>loyalty_tier</code>.
          Recorded as a normal attribute change; test sends never write back.
        </p>
        <PairRows
          rows={f.responseMapping}
          onChange={(r) => set("responseMapping", r)}
          keys={["from", "to"]}
          labels={["Response path", "Attribute"]}
          placeholders={["data.tier", "loyalty_tier"]}
          addLabel="Add a field to write back"
          errors={rowErrors(err, "responseMapping", f.responseMapping.length, ["from", "to"])}
          mono
        />
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-3 text-sm font-semibold text-slate-900">Sending</legend>
        <Field
          label="Requests per second, at most"
          htmlFor="action-rate"
          error={err("ratePerSecond")}
          hint="Blank: no limit. When many people enter at once, the rest wait their turn (not a failure)."
        >
          <Input id="action-rate" inputMode="numeric" value={f.ratePerSecond} onChange={(e) => set("ratePerSecond", e.target.value)} />
        </Field>
        <Field
          label="Timeout (seconds)"
          htmlFor="action-timeout"
          error={err("timeoutMs")}
          hint="1 to 60. A request that takes longer is retried."
        >
          <Input id="action-timeout" inputMode="decimal" value={f.timeoutSeconds} onChange={(e) => set("timeoutSeconds", e.target.value)} />
        </Field>
      </fieldset>

      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : saved ? "Save changes" : "Save as draft"}
        </Button>
        <Link href={saved ? `/webhook-actions/${saved.id}` : "/webhook-actions"} className={buttonClasses({ variant: "secondary" })}>
          Cancel
        </Link>
        <span className="text-xs text-slate-500" data-testid="save-note">
          {!saved
            ? "Nothing is sent until you set it live."
            : saved.state === "draft"
              ? "A draft: nothing is sent until you set it live."
              : `Saving creates version ${saved.version + 1}; requests from now on use it.`}
        </span>
      </div>
    </form>
  );
}
