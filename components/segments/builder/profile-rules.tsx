"use client";

import type { Rule } from "@/components/segments/builder/draft";
import { Choice, Sentence, TextBox, useCatalog } from "@/components/segments/builder/fields";
import { OpValueInput, valueFor, type ValueType } from "@/components/segments/builder/value-input";
import { FIELDS, fieldEntry, IDENTIFIERS, OPS_BY_TYPE } from "@/lib/segments/catalog";

// Rules about the person: a profile field, having an identifier ad platforms can match,
// and membership of another segment.

type Edit = { rule: Rule; onChange: (rule: Rule) => void };

const ALL_OPS = [...new Set(Object.values(OPS_BY_TYPE).flat())];

export function AttributeRule({ rule, onChange }: Edit) {
  const field = fieldEntry(rule.field);
  const custom = !field;
  const type: ValueType = field?.type ?? (typeof rule.value === "number" ? "number" : "string");
  return (
    <Sentence>
      <Choice
        aria-label="Profile field"
        value={custom ? "__custom" : rule.field}
        onChange={(e) => {
          const key = e.target.value === "__custom" ? "" : e.target.value;
          const t = fieldEntry(key)?.type ?? "string";
          const op = OPS_BY_TYPE[t].includes(rule.op) ? rule.op : OPS_BY_TYPE[t][0]!;
          onChange({ type: "attribute", field: key, op, value: valueFor(op, t, rule.value) });
        }}
      >
        {FIELDS.map((f) => (
          <option key={f.key} value={f.key}>
            {f.label}
          </option>
        ))}
        <option value="__custom">Other attribute…</option>
      </Choice>
      {custom && (
        <TextBox
          label="Attribute name"
          path="field"
          placeholder="attribute_name"
          value={rule.field}
          onChange={(v) => onChange({ ...rule, field: v })}
        />
      )}
      <OpValueInput
        label="Field"
        path="value"
        ops={field ? OPS_BY_TYPE[field.type] : ALL_OPS}
        type={type}
        op={rule.op}
        value={rule.value}
        onChange={(op, value) => onChange({ ...rule, op, value })}
      />
      {field?.hint && <span className="text-xs text-slate-400">{field.hint}</span>}
    </Sentence>
  );
}

export function IdentifierRule({ rule, onChange }: Edit) {
  return (
    <Sentence>
      <Choice
        aria-label="Has or has not"
        value={rule.present ? "yes" : "no"}
        onChange={(e) => onChange({ ...rule, present: e.target.value === "yes" })}
      >
        <option value="yes">Has</option>
        <option value="no">Does not have</option>
      </Choice>
      <Choice aria-label="Identifier" value={rule.identifier} onChange={(e) => onChange({ ...rule, identifier: e.target.value })}>
        {Object.entries(IDENTIFIERS).map(([k, label]) => (
          <option key={k} value={k}>
            {label}
          </option>
        ))}
      </Choice>
      <span className="text-xs text-slate-400">what ad platforms match on</span>
    </Sentence>
  );
}

export function SegmentRule({ rule, onChange }: Edit) {
  const { segments, selfId } = useCatalog();
  const choices = segments.filter((s) => s.id !== selfId);
  return (
    <Sentence>
      <Choice aria-label="In or not in" value={rule.membership} onChange={(e) => onChange({ ...rule, membership: e.target.value })}>
        <option value="in">Is in</option>
        <option value="not_in">Is not in</option>
      </Choice>
      <span>the segment</span>
      <Choice
        aria-label="Segment"
        path="segmentId"
        value={rule.segmentId}
        onChange={(e) => onChange({ ...rule, segmentId: e.target.value })}
        className="max-w-72"
      >
        <option value="">Choose a segment…</option>
        {choices.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </Choice>
    </Sentence>
  );
}
