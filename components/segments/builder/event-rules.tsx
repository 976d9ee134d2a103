"use client";

import { Plus, X } from "lucide-react";
import type { Rule } from "@/components/segments/builder/draft";
import { Choice, DurationInput, EventPicker, NumberBox, Sentence, TextBox, WindowPicker } from "@/components/segments/builder/fields";
import { OpValueInput } from "@/components/segments/builder/value-input";
import { eventEntry } from "@/lib/segments/catalog";

// Rules about what people did: "did / did not [event] [at least N times] [in the last …]
// [with …]", "did [A] … and no [B] since, at least X ago", "last [A] was more than N ago".

type Edit = { rule: Rule; onChange: (rule: Rule) => void };

export function EventRule({ rule, onChange }: Edit) {
  const freq = rule.frequency ?? { op: "at_least", times: 1 };
  const showTimes = !(freq.op === "at_least" && freq.times === 1);
  return (
    <div className="space-y-2">
      <Sentence>
        <Choice
          aria-label="Did or did not"
          value={rule.performed === false ? "no" : "yes"}
          onChange={(e) => onChange({ ...rule, performed: e.target.value === "yes" })}
        >
          <option value="yes">Did</option>
          <option value="no">Did not</option>
        </Choice>
        <EventPicker label="Event" value={rule.event} onChange={(event) => onChange({ ...rule, event, where: undefined })} />
        <Choice
          aria-label="How often"
          value={showTimes ? freq.op : "once"}
          onChange={(e) =>
            onChange({ ...rule, frequency: e.target.value === "once" ? undefined : { op: e.target.value, times: Math.max(freq.times, 2) } })
          }
        >
          <option value="once">at least once</option>
          <option value="at_least">at least</option>
          <option value="at_most">at most</option>
          <option value="exactly">exactly</option>
        </Choice>
        {showTimes && (
          <>
            <NumberBox
              label="Times"
              path="frequency.times"
              min={0}
              value={freq.times}
              onChange={(times) => onChange({ ...rule, frequency: { ...freq, times } })}
            />
            <span className="text-slate-500">times</span>
          </>
        )}
        <WindowPicker value={rule.window} onChange={(window) => onChange({ ...rule, window })} />
      </Sentence>
      <Filters base="where" event={rule.event} where={rule.where} onChange={(where) => onChange({ ...rule, where })} />
    </div>
  );
}

export function SequenceRule({ rule, onChange }: Edit) {
  return (
    <div className="space-y-2">
      <Sentence>
        <span className="font-medium text-slate-900">Did</span>
        <EventPicker
          label="First event"
          path="did.event"
          value={rule.did.event}
          onChange={(event) => onChange({ ...rule, did: { event } })}
        />
        <WindowPicker label="First event window" value={rule.window} onChange={(window) => onChange({ ...rule, window })} />
      </Sentence>
      <Filters
        base="did.where"
        event={rule.did.event}
        where={rule.did.where}
        onChange={(where) => onChange({ ...rule, did: { ...rule.did, where } })}
      />
      <Sentence>
        <label className="inline-flex items-center gap-2">
          <input
            type="checkbox"
            checked={!!rule.atLeastAgo}
            onChange={(e) => onChange({ ...rule, atLeastAgo: e.target.checked ? { amount: 2, unit: "hours" } : undefined })}
            className="size-4 rounded border-slate-300"
          />
          <span>at least</span>
        </label>
        {rule.atLeastAgo ? (
          <DurationInput
            label="Minimum age"
            path="atLeastAgo"
            value={rule.atLeastAgo}
            onChange={(atLeastAgo) => onChange({ ...rule, atLeastAgo })}
          />
        ) : (
          <span className="text-slate-400">some time</span>
        )}
        <span>ago</span>
        <span className="text-xs text-slate-400">— gives owned channels time to recover the cart first</span>
      </Sentence>
      <Sentence>
        <label className="inline-flex items-center gap-2">
          <input
            type="checkbox"
            checked={!!rule.noneSince}
            onChange={(e) => onChange({ ...rule, noneSince: e.target.checked ? { event: "order_completed" } : undefined })}
            className="size-4 rounded border-slate-300"
          />
          <span>and no</span>
        </label>
        {rule.noneSince ? (
          <EventPicker
            label="Then no"
            verb="noun"
            path="noneSince.event"
            value={rule.noneSince.event}
            onChange={(event) => onChange({ ...rule, noneSince: { event } })}
          />
        ) : (
          <span className="text-slate-400">…</span>
        )}
        <span>since</span>
      </Sentence>
    </div>
  );
}

export function RecencyRule({ rule, onChange }: Edit) {
  return (
    <div className="space-y-2">
      <Sentence>
        <span>Their last</span>
        <EventPicker label="Event" verb="noun" value={rule.event} onChange={(event) => onChange({ ...rule, event, where: undefined })} />
        <span>was</span>
        <Choice aria-label="More or less" value={rule.op} onChange={(e) => onChange({ ...rule, op: e.target.value })}>
          <option value="more_than">more than</option>
          <option value="less_than">less than</option>
        </Choice>
        <DurationInput label="Time since" path="ago" value={rule.ago} onChange={(ago) => onChange({ ...rule, ago })} />
        <span>ago</span>
      </Sentence>
      <Sentence>
        <label className="inline-flex items-center gap-2 text-slate-600">
          <input
            type="checkbox"
            checked={!!rule.orNever}
            onChange={(e) => onChange({ ...rule, orNever: e.target.checked })}
            className="size-4 rounded border-slate-300"
          />
          also include people who never did it
        </label>
      </Sentence>
    </div>
  );
}

const FILTER_OPS = {
  string: ["equals", "not_equals", "in", "not_in", "contains", "exists", "not_exists"],
  number: ["gt", "gte", "lt", "lte", "equals", "not_equals", "exists"],
};

/** "with [cart value] [is more than] [50]": property filters, by the event's known properties. */
type Filter = { property: string; op: string; value?: unknown };

function Filters({
  base,
  event,
  where,
  onChange,
}: {
  base: string;
  event: string;
  where: Filter[] | undefined;
  onChange: (where: Filter[] | undefined) => void;
}) {
  const props = eventEntry(event)?.properties ?? [];
  const list = where ?? [];
  const set = (i: number, f: Filter | null) => {
    const next = f ? list.map((x, j) => (j === i ? f : x)) : list.filter((_, j) => j !== i);
    onChange(next.length ? next : undefined);
  };
  const typeOf = (key: string) => props.find((p) => p.key === key)?.type ?? "string";
  return (
    <div className="space-y-2 pl-4">
      {list.map((f, i) => (
        <Sentence key={i}>
          <span className="text-slate-500">with</span>
          <TextBox
            label="Property"
            path={`${base}.${i}.property`}
            list={`props-${event}`}
            value={f.property}
            onChange={(property) => set(i, { ...f, property })}
            className="w-36"
          />
          <OpValueInput
            label="Property"
            path={`${base}.${i}.value`}
            ops={FILTER_OPS[typeOf(f.property)]}
            type={typeOf(f.property)}
            op={f.op}
            value={f.value}
            onChange={(op, value) => set(i, { property: f.property, op, value })}
          />
          <button
            type="button"
            aria-label="Remove filter"
            onClick={() => set(i, null)}
            className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
          >
            <X className="size-4" />
          </button>
        </Sentence>
      ))}
      <datalist id={`props-${event}`}>
        {props.map((p) => (
          <option key={p.key} value={p.key} />
        ))}
      </datalist>
      {list.length < 10 && (
        <button
          type="button"
          onClick={() => {
            const first = props[0];
            onChange([
              ...list,
              first?.type === "number"
                ? { property: first.key, op: "gt", value: 50 }
                : { property: first?.key ?? "", op: "equals", value: "" },
            ]);
          }}
          className="inline-flex items-center gap-1 text-xs font-medium text-indigo-600 hover:text-indigo-500"
        >
          <Plus className="size-3.5" /> Add a property filter
        </button>
      )}
    </div>
  );
}
