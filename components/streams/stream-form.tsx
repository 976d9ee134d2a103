"use client";

import { Plus, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent, type KeyboardEvent } from "react";
import { Chips } from "@/components/streams/stream-chips";
import {
  CHANNEL_LABEL,
  filterText,
  filterValue,
  METRIC_LABEL,
  OPS,
  parseSchedule,
  toggle,
  type Filter,
  type Header,
} from "@/components/streams/stream-form-values";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Input } from "@/components/ui/input";
import { Field, Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { formatCount } from "@/components/ui/format";
import type { ActionResult } from "@/lib/actions/action-result";
import { describeSchedule } from "@/lib/delivery/retry-schedule";
import { CHANNELS, DEFAULT_RETRY_SCHEDULE, ENGAGEMENT_METRICS, type StreamSelector } from "@/lib/streams/stream-schemas";

// The New event stream form: which events (engagement metrics on channels, exact names with
// suggestions from what this workspace has received, patterns, property filters) and where
// (a signed webhook, or a table in your Postgres). The server checks everything again and names
// the field it refuses; a webhook stream's signing secret is shown here once, after creating.
// With `initial` it is the Edit form: filled with the saved selector and settings, secrets never
// shown (blank keeps them), the destination's kind fixed (update-stream.ts never changes it).

/** A saved stream, as the edit page passes it (from its StreamView). */
export type StreamFormInitial = {
  id: string;
  name: string;
  selector: StreamSelector;
  kind: "webhook" | "warehouse";
  settings: Record<string, unknown>;
  credentialsSet: string[];
};

type Props = {
  knownEvents: string[];
  action: (input: unknown) => Promise<ActionResult<{ id: string; signingSecret: string | null }>>;
  initial?: StreamFormInitial;
};

export function StreamForm({ knownEvents, action, initial }: Props) {
  const router = useRouter();
  const editing = Boolean(initial);
  const saved = initial?.settings ?? {};
  const savedText = (key: string, fallback: string, scale = 1) => (typeof saved[key] === "number" ? String(saved[key] / scale) : fallback);
  const [name, setName] = useState(initial?.name ?? "");
  const [metrics, setMetrics] = useState<string[]>(initial?.selector.metrics ?? ["delivered", "opened", "clicked"]);
  const [channels, setChannels] = useState<string[]>(initial?.selector.channels ?? []);
  const [names, setNames] = useState<string[]>(initial?.selector.names ?? []);
  const [nameDraft, setNameDraft] = useState("");
  const [patterns, setPatterns] = useState<string[]>(initial?.selector.patterns ?? []);
  const [patternDraft, setPatternDraft] = useState("");
  const [filters, setFilters] = useState<Filter[]>(
    (initial?.selector.filters ?? []).map((f) => ({ property: f.property, op: f.op, value: filterText(f.value), saved: f.value })),
  );
  const [kind, setKind] = useState<"webhook" | "warehouse">(initial?.kind ?? "webhook");
  const [url, setUrl] = useState(typeof saved.url === "string" ? saved.url : "");
  const [headers, setHeaders] = useState<Header[]>(
    Object.entries((saved.headers as Record<string, string> | undefined) ?? {}).map(([name, value]) => ({ name, value })),
  );
  const [authorization, setAuthorization] = useState("");
  const [batchSize, setBatchSize] = useState(savedText("batchSize", "500"));
  const [maxWait, setMaxWait] = useState(savedText("maxWaitMs", "5", 1000));
  const [timeout, setTimeoutS] = useState(savedText("timeoutMs", "15", 1000));
  const [signatureMode, setSignatureMode] = useState<"standard" | "customerio">(
    saved.signatureMode === "customerio" ? "customerio" : "standard",
  );
  const [schedule, setSchedule] = useState(((saved.retrySchedule as number[] | undefined) ?? DEFAULT_RETRY_SCHEDULE).join(", "));
  const [connectionString, setConnectionString] = useState("");
  const [schema, setSchema] = useState(typeof saved.schema === "string" ? saved.schema : "downstream");
  const [table, setTable] = useState(typeof saved.table === "string" ? saved.table : "engagement_events");
  const secretSet = (key: string) => initial?.credentialsSet.includes(key) ?? false;
  const [failure, setFailure] = useState<{ error: string; fieldErrors?: Record<string, string> } | null>(null);
  const [created, setCreated] = useState<{ id: string; signingSecret: string | null } | null>(null);
  const [pending, start] = useTransition();
  const err = (key: string) => failure?.fieldErrors?.[key];
  const scheduleSeconds = parseSchedule(schedule);

  function addName(value = nameDraft) {
    const v = value.trim();
    if (v && !names.includes(v)) setNames([...names, v]);
    setNameDraft("");
  }
  function addPattern(value = patternDraft) {
    const v = value.trim();
    if (v && !patterns.includes(v)) setPatterns([...patterns, v]);
    setPatternDraft("");
  }
  const onEnter = (add: () => void) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter" || e.key === ",") {
      e.preventDefault();
      add();
    }
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    // Sending a schedule the field shows as wrong would quietly save the default one instead.
    if (!scheduleSeconds) {
      const message = "Only whole seconds, separated by commas";
      return setFailure({ error: `${message}.`, fieldErrors: { "destination.settings.retrySchedule": message } });
    }
    // A name or pattern typed but not added yet is meant: include it.
    const allNames = nameDraft.trim() && !names.includes(nameDraft.trim()) ? [...names, nameDraft.trim()] : names;
    const allPatterns = patternDraft.trim() && !patterns.includes(patternDraft.trim()) ? [...patterns, patternDraft.trim()] : patterns;
    // Shown as chips from now on, so a refusal can point at the one it names.
    setNames(allNames);
    setNameDraft("");
    setPatterns(allPatterns);
    setPatternDraft("");
    const num = (s: string, scale = 1) => (s.trim() === "" ? undefined : Number(s) * scale);
    const retrySchedule = scheduleSeconds;
    const destination =
      kind === "webhook"
        ? {
            kind,
            settings: {
              url,
              headers: Object.fromEntries(headers.filter((h) => h.name.trim()).map((h) => [h.name.trim(), h.value])),
              batchSize: num(batchSize),
              maxWaitMs: num(maxWait, 1000),
              timeoutMs: num(timeout, 1000),
              signatureMode,
              retrySchedule,
            },
            credentials: authorization.trim() ? { authorization } : {},
          }
        : { kind, settings: { schema, table, retrySchedule }, credentials: { connectionString } };
    const selector = {
      metrics,
      channels,
      names: allNames,
      patterns: allPatterns,
      filters: filters.filter((f) => f.property.trim()).map((f) => ({ property: f.property, op: f.op, value: filterValue(f) })),
    };
    // An edit replaces the whole settings object: fields this form does not show (a warehouse's
    // batch size set through the API) keep their saved values. Blank secrets are left out (kept).
    const input = initial
      ? {
          streamId: initial.id,
          name,
          selector,
          destination: {
            settings: { ...initial.settings, ...destination.settings },
            credentials: Object.fromEntries(Object.entries(destination.credentials).filter(([, v]) => String(v ?? "").trim())),
          },
        }
      : { name, selector, destination };
    start(async () => {
      const result = await action(input);
      if (!result.ok) return setFailure(result);
      if (initial) {
        router.push(`/event-streams/${initial.id}`);
        router.refresh();
        return;
      }
      setCreated({ id: result.id, signingSecret: result.signingSecret });
    });
  }

  if (created)
    return (
      <div className="space-y-4" data-testid="stream-created">
        <Alert tone="success">The stream is on. Events that arrive from now on are forwarded.</Alert>
        {created.signingSecret && (
          <div className="space-y-2">
            <Label htmlFor="signing-secret">Signing secret: copy it now</Label>
            <CopyField value={created.signingSecret} label="Signing secret" />
            <p className="text-xs text-slate-500">
              Your endpoint uses it to check that each request came from Downstream (see “What your endpoint receives” on the stream&apos;s
              page). It is stored encrypted and will not be shown again; you can rotate it at any time.
            </p>
          </div>
        )}
        <Link href={`/event-streams/${created.id}`} className={buttonClasses()}>
          Go to the stream
        </Link>
      </div>
    );

  return (
    <form onSubmit={submit} className="space-y-8" noValidate>
      {failure && <Alert tone="error">{failure.error}</Alert>}
      <Field
        label="Name"
        htmlFor="stream-name"
        hint="How this stream appears in the list, e.g. “Engagement to analytics”."
        error={err("name")}
      >
        <Input id="stream-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required />
      </Field>

      <fieldset className="space-y-5">
        <legend className="text-sm font-semibold text-slate-900">Which events</legend>
        <div>
          <Label>Engagement</Label>
          <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
            {ENGAGEMENT_METRICS.map((m) => (
              <label key={m} className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  checked={metrics.includes(m)}
                  onChange={() => setMetrics(toggle(metrics, m))}
                  className="size-4 rounded border-slate-300 text-indigo-600"
                />
                {METRIC_LABEL[m]}
              </label>
            ))}
          </div>
          {err("selector.metrics") && <p className="mt-1.5 text-xs text-red-600">{err("selector.metrics")}</p>}
          <p className="mt-3 text-xs text-slate-500">On these channels (none chosen: every channel)</p>
          <div className="mt-1.5 flex flex-wrap gap-2" role="group" aria-label="Channels">
            {CHANNELS.map((c) => (
              <button
                key={c}
                type="button"
                aria-pressed={channels.includes(c)}
                onClick={() => setChannels(toggle(channels, c))}
                className={`rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset ${channels.includes(c) ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
              >
                {CHANNEL_LABEL[c]}
              </button>
            ))}
          </div>
        </div>

        <div>
          <Label htmlFor="event-name">Other events by name</Label>
          <div className="mt-1.5 flex gap-2">
            <Input
              id="event-name"
              list="known-events"
              value={nameDraft}
              onChange={(e) => setNameDraft(e.target.value)}
              onKeyDown={onEnter(() => addName())}
              placeholder="order_completed"
            />
            <Button variant="secondary" onClick={() => addName()}>
              <Plus aria-hidden /> Add
            </Button>
          </div>
          <datalist id="known-events">
            {knownEvents.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
          <Chips
            items={names}
            onRemove={(n) => setNames(names.filter((x) => x !== n))}
            errors={names.map((_, i) => err(`selector.names.${i}`))}
          />
          <p className="mt-1.5 text-xs text-slate-500">
            {knownEvents.length
              ? `Suggestions are the ${formatCount(knownEvents.length, "event name")} this workspace has received.`
              : "No events have been received yet; engagement metrics (email_opened…) can be added before they happen."}
          </p>
        </div>

        <div>
          <Label htmlFor="event-pattern">Name patterns</Label>
          <div className="mt-1.5 flex gap-2">
            <Input
              id="event-pattern"
              value={patternDraft}
              onChange={(e) => setPatternDraft(e.target.value)}
              onKeyDown={onEnter(() => addPattern())}
              placeholder="checkout_*"
            />
            <Button variant="secondary" onClick={() => addPattern()}>
              <Plus aria-hidden /> Add
            </Button>
          </div>
          <Chips
            items={patterns}
            onRemove={(n) => setPatterns(patterns.filter((x) => x !== n))}
            errors={patterns.map((_, i) => err(`selector.patterns.${i}`))}
          />
          <p className="mt-1.5 text-xs text-slate-500">* matches anything: checkout_* takes checkout_started and checkout_completed.</p>
        </div>

        <div>
          <Label>Only when (all must hold)</Label>
          <div className="mt-1.5 space-y-2">
            {filters.map((f, i) => (
              <div key={i} className="flex gap-2" data-testid="filter-row">
                <Input
                  aria-label="Property"
                  value={f.property}
                  placeholder="campaign_id"
                  onChange={(e) => setFilters(filters.map((x, j) => (j === i ? { ...x, property: e.target.value } : x)))}
                />
                <Select
                  aria-label="Condition"
                  value={f.op}
                  onChange={(e) => setFilters(filters.map((x, j) => (j === i ? { ...x, op: e.target.value as Filter["op"] } : x)))}
                >
                  {OPS.map(([op, words]) => (
                    <option key={op} value={op}>
                      {words}
                    </option>
                  ))}
                </Select>
                {f.op !== "exists" && f.op !== "not_exists" && (
                  <Input
                    aria-label="Value"
                    value={f.value}
                    onChange={(e) => setFilters(filters.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))}
                  />
                )}
                <Button variant="ghost" aria-label="Remove condition" onClick={() => setFilters(filters.filter((_, j) => j !== i))}>
                  <X aria-hidden />
                </Button>
              </div>
            ))}
            {filters
              .map((_, i) => err(`selector.filters.${i}.property`) ?? err(`selector.filters.${i}.value`))
              .filter(Boolean)
              .map((m) => (
                <p key={m} className="text-xs text-red-600">
                  {m}
                </p>
              ))}
            <Button variant="secondary" size="sm" onClick={() => setFilters([...filters, { property: "", op: "equals", value: "" }])}>
              <Plus aria-hidden /> Add a condition on a property
            </Button>
          </div>
        </div>
        {editing && (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 ring-1 ring-amber-200" data-testid="selector-change-note">
            A new selection applies to events stored after you save. Events already waiting keep going; use Replay a time range to resend
            history with the new selection.
          </p>
        )}
      </fieldset>

      <fieldset className="space-y-5">
        <legend className="text-sm font-semibold text-slate-900">Where to send them</legend>
        {editing && (
          <p className="text-xs text-slate-500">A stream keeps its kind of destination; to send to the other kind, make a new stream.</p>
        )}
        <div className="flex gap-3" role="radiogroup" aria-label="Destination">
          {(editing ? [kind] : (["webhook", "warehouse"] as const)).map((k) => (
            <label
              key={k}
              className={`flex flex-1 cursor-pointer items-start gap-2 rounded-lg p-3 text-sm ring-1 ${kind === k ? "bg-indigo-50 ring-indigo-300" : "ring-slate-200"}`}
            >
              {!editing && <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} className="mt-0.5" />}
              <span>
                <span className="font-medium text-slate-900">{k === "webhook" ? "Webhook endpoint" : "Warehouse (Postgres)"}</span>
                <span className="block text-xs text-slate-500">
                  {k === "webhook" ? "Signed JSON batches POSTed to your URL." : "Rows in a table you name, created if missing."}
                </span>
              </span>
            </label>
          ))}
        </div>

        {kind === "webhook" ? (
          <div className="space-y-4">
            <Field
              label="Endpoint URL"
              htmlFor="stream-url"
              hint="https:// (plain http only for localhost)."
              error={err("destination.settings.url")}
            >
              <Input id="stream-url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://hooks.example.com/events" />
            </Field>
            <div>
              <Label>Extra headers</Label>
              <div className="mt-1.5 space-y-2">
                {headers.map((h, i) => (
                  <div key={i} className="flex gap-2">
                    <Input
                      aria-label="Header name"
                      value={h.name}
                      placeholder="X-Team"
                      onChange={(e) => setHeaders(headers.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
                    />
                    <Input
                      aria-label="Header value"
                      value={h.value}
                      onChange={(e) => setHeaders(headers.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))}
                    />
                    <Button variant="ghost" aria-label="Remove header" onClick={() => setHeaders(headers.filter((_, j) => j !== i))}>
                      <X aria-hidden />
                    </Button>
                  </div>
                ))}
                {Object.entries(failure?.fieldErrors ?? {})
                  .filter(([k]) => k.startsWith("destination.settings.headers"))
                  .slice(0, 1)
                  .map(([k, m]) => (
                    <p key={k} className="text-xs text-red-600">
                      {m}
                    </p>
                  ))}
                <Button variant="secondary" size="sm" onClick={() => setHeaders([...headers, { name: "", value: "" }])}>
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
                value={authorization}
                onChange={(e) => setAuthorization(e.target.value)}
              />
            </Field>
            <div className="grid gap-4 sm:grid-cols-3">
              <Field label="Events per request" htmlFor="stream-batch" hint="1 to 1,000" error={err("destination.settings.batchSize")}>
                <Input id="stream-batch" inputMode="numeric" value={batchSize} onChange={(e) => setBatchSize(e.target.value)} />
              </Field>
              <Field label="Wait to fill a batch (s)" htmlFor="stream-wait" hint="0 to 60" error={err("destination.settings.maxWaitMs")}>
                <Input id="stream-wait" inputMode="decimal" value={maxWait} onChange={(e) => setMaxWait(e.target.value)} />
              </Field>
              <Field label="Timeout (s)" htmlFor="stream-timeout" hint="1 to 60" error={err("destination.settings.timeoutMs")}>
                <Input id="stream-timeout" inputMode="decimal" value={timeout} onChange={(e) => setTimeoutS(e.target.value)} />
              </Field>
            </div>
            <Field
              label="Signature"
              htmlFor="stream-signature"
              hint={
                signatureMode === "standard"
                  ? "webhook-id, webhook-timestamp and webhook-signature headers (Standard Webhooks; libraries exist for most languages)."
                  : "X-CIO-Timestamp and X-CIO-Signature, as Customer.io's reporting webhooks sign: a receiver built for Customer.io works unchanged."
              }
            >
              <Select
                id="stream-signature"
                value={signatureMode}
                onChange={(e) => setSignatureMode(e.target.value as "standard" | "customerio")}
              >
                <option value="standard">Standard Webhooks</option>
                <option value="customerio">Customer.io compatible</option>
              </Select>
            </Field>
          </div>
        ) : (
          <div className="space-y-4">
            <Field
              label="Connection string"
              htmlFor="stream-connection"
              hint={
                secretSet("connectionString")
                  ? "•••• set — leave blank to keep it, or type a new postgres://… string to replace it. Saving checks the warehouse again: Downstream connects and creates the table if missing."
                  : "postgres://user:password@host:5432/database. Checked now: Downstream connects and creates the table. Stored encrypted."
              }
              error={err("destination.credentials.connectionString")}
            >
              <Input
                id="stream-connection"
                type="password"
                autoComplete="off"
                placeholder={secretSet("connectionString") ? "••••••••" : undefined}
                value={connectionString}
                onChange={(e) => setConnectionString(e.target.value)}
              />
            </Field>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Schema" htmlFor="stream-schema" error={err("destination.settings.schema")}>
                <Input id="stream-schema" value={schema} onChange={(e) => setSchema(e.target.value)} />
              </Field>
              <Field
                label="Table"
                htmlFor="stream-table"
                hint="Created if missing; one row per event."
                error={err("destination.settings.table")}
              >
                <Input id="stream-table" value={table} onChange={(e) => setTable(e.target.value)} />
              </Field>
            </div>
          </div>
        )}
        <Field
          label="Retries after a failure (seconds)"
          htmlFor="stream-retries"
          hint={
            scheduleSeconds
              ? `Retried ${describeSchedule(scheduleSeconds)}; then the event goes to the dead-letter list, where you can replay it.`
              : "Seconds between retries, separated by commas, e.g. 0, 5, 300."
          }
          error={err("destination.settings.retrySchedule") ?? (scheduleSeconds ? undefined : "Only whole seconds, separated by commas")}
        >
          <Input id="stream-retries" value={schedule} onChange={(e) => setSchedule(e.target.value)} />
        </Field>
      </fieldset>

      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending
            ? kind === "warehouse"
              ? "Checking the warehouse…"
              : editing
                ? "Saving…"
                : "Creating…"
            : editing
              ? "Save changes"
              : "Create stream"}
        </Button>
        <Link href={initial ? `/event-streams/${initial.id}` : "/event-streams"} className={buttonClasses({ variant: "secondary" })}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
