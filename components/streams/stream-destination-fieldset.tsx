"use client";

import { ChoiceCard } from "@/components/forms/choice-card";
import { parseSchedule, type DestinationFieldsProps } from "@/components/streams/stream-form-values";
import { StreamWarehouseFields } from "@/components/streams/stream-warehouse-fields";
import { StreamWebhookFields } from "@/components/streams/stream-webhook-fields";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { describeSchedule } from "@/lib/delivery/retry-schedule";

// The stream form's second stage, where to send the events: a signed webhook or a table in your
// Postgres, and the retry schedule both share. Editing, the kind is only shown (update-stream.ts
// never changes it) and secrets are never shown, only whether they are set.

const KINDS = {
  webhook: ["Webhook endpoint", "Signed JSON batches POSTed to your URL."],
  warehouse: ["Warehouse (Postgres)", "Rows in a table you name, created if missing."],
} as const;

export function StreamDestinationFieldset(props: DestinationFieldsProps & { editing: boolean }) {
  const { value: d, onChange, errors, editing } = props;
  const scheduleSeconds = parseSchedule(d.schedule);
  return (
    <fieldset className="space-y-5">
      <legend className="text-sm font-semibold text-slate-900">Where to send them</legend>
      {editing && (
        <p className="text-xs text-slate-500">A stream keeps its kind of destination; to send to the other kind, make a new stream.</p>
      )}
      <div className="flex gap-3" role="radiogroup" aria-label="Destination">
        {(editing ? [d.kind] : (["webhook", "warehouse"] as const)).map((k) => (
          <ChoiceCard
            key={k}
            name="kind"
            className="flex-1"
            checked={d.kind === k}
            onSelect={editing ? undefined : () => onChange({ kind: k })}
            title={KINDS[k][0]}
            words={KINDS[k][1]}
          />
        ))}
      </div>

      {d.kind === "webhook" ? <StreamWebhookFields {...props} /> : <StreamWarehouseFields {...props} />}
      <Field
        label="Retries after a failure (seconds)"
        htmlFor="stream-retries"
        hint={
          scheduleSeconds
            ? `Retried ${describeSchedule(scheduleSeconds)}; then the event goes to the dead-letter list, where you can replay it.`
            : "Seconds between retries, separated by commas, e.g. 0, 5, 300."
        }
        error={errors["destination.settings.retrySchedule"] ?? (scheduleSeconds ? undefined : "Only whole seconds, separated by commas")}
      >
        <Input id="stream-retries" value={d.schedule} onChange={(e) => onChange({ schedule: e.target.value })} />
      </Field>
    </fieldset>
  );
}
