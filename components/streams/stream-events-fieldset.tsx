"use client";

import { Plus } from "lucide-react";
import { type KeyboardEvent } from "react";
import { FilterRows } from "@/components/forms/filter-rows";
import { rowErrors } from "@/components/forms/row-errors";
import { Chips } from "@/components/streams/stream-chips";
import { CHANNEL_LABEL, METRIC_LABEL, toggle, type EventsDraft } from "@/components/streams/stream-form-values";
import { Button } from "@/components/ui/button";
import { formatCount } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { FieldErrors } from "@/lib/actions/action-result";
import { CHANNELS, ENGAGEMENT_METRICS } from "@/lib/streams/stream-schemas";

// The stream form's first stage, which events: engagement metrics on channels, exact names with
// suggestions from what this workspace has received, name patterns, and conditions on properties.

type Props = {
  value: EventsDraft;
  onChange: (patch: Partial<EventsDraft>) => void;
  knownEvents: string[];
  errors: FieldErrors;
  editing: boolean;
};

export function StreamEventsFieldset({ value: d, onChange, knownEvents, errors, editing }: Props) {
  const err = (key: string) => errors[key];
  return (
    <fieldset className="space-y-5">
      <legend className="text-sm font-semibold text-slate-900">Which events</legend>
      <div>
        <Label>Engagement</Label>
        <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
          {ENGAGEMENT_METRICS.map((m) => (
            <label key={m} className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={d.metrics.includes(m)}
                onChange={() => onChange({ metrics: toggle(d.metrics, m) })}
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
              aria-pressed={d.channels.includes(c)}
              onClick={() => onChange({ channels: toggle(d.channels, c) })}
              className={`rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset ${d.channels.includes(c) ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
            >
              {CHANNEL_LABEL[c]}
            </button>
          ))}
        </div>
      </div>

      <ChipEntry
        id="event-name"
        label="Other events by name"
        placeholder="order_completed"
        suggestions={knownEvents}
        items={d.names}
        draft={d.nameDraft}
        onChange={(names, nameDraft) => onChange({ names, nameDraft })}
        errors={d.names.map((_, i) => err(`selector.names.${i}`))}
        hint={
          knownEvents.length
            ? `Suggestions are the ${formatCount(knownEvents.length, "event name")} this workspace has received.`
            : "No events have been received yet; engagement metrics (email_opened…) can be added before they happen."
        }
      />

      <ChipEntry
        id="event-pattern"
        label="Name patterns"
        placeholder="checkout_*"
        items={d.patterns}
        draft={d.patternDraft}
        onChange={(patterns, patternDraft) => onChange({ patterns, patternDraft })}
        errors={d.patterns.map((_, i) => err(`selector.patterns.${i}`))}
        hint="* matches anything: checkout_* takes checkout_started and checkout_completed."
      />

      <div>
        <Label>Only when (all must hold)</Label>
        <div className="mt-1.5">
          <FilterRows
            rows={d.filters}
            onChange={(filters) => onChange({ filters })}
            errors={rowErrors(err, "selector.filters", d.filters.length, ["property", "value"])}
            placeholder="campaign_id"
          />
        </div>
      </div>
      {editing && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 ring-1 ring-amber-200" data-testid="selector-change-note">
          A new selection applies to events stored after you save. Events already waiting keep going; use Replay a time range to resend
          history with the new selection.
        </p>
      )}
    </fieldset>
  );
}

/** A text box whose entries (added with Add, Enter or a comma) become removable chips. */
function ChipEntry({
  id,
  label,
  placeholder,
  suggestions,
  items,
  draft,
  onChange,
  errors,
  hint,
}: {
  id: string;
  label: string;
  placeholder: string;
  suggestions?: string[];
  items: string[];
  draft: string;
  onChange: (items: string[], draft: string) => void;
  errors: (string | undefined)[];
  hint: string;
}) {
  function add() {
    const v = draft.trim();
    onChange(v && !items.includes(v) ? [...items, v] : items, "");
  }
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter" || e.key === ",") {
      e.preventDefault();
      add();
    }
  };
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <div className="mt-1.5 flex gap-2">
        <Input
          id={id}
          list={suggestions ? `${id}-suggestions` : undefined}
          value={draft}
          onChange={(e) => onChange(items, e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={placeholder}
        />
        <Button variant="secondary" onClick={add}>
          <Plus aria-hidden /> Add
        </Button>
      </div>
      {suggestions && (
        <datalist id={`${id}-suggestions`}>
          {suggestions.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      )}
      <Chips
        items={items}
        onRemove={(n) =>
          onChange(
            items.filter((x) => x !== n),
            draft,
          )
        }
        errors={errors}
      />
      <p className="mt-1.5 text-xs text-slate-500">{hint}</p>
    </div>
  );
}
