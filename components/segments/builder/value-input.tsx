"use client";

import { useState } from "react";
import { Choice, DurationInput, NumberBox, TextBox, type DurationValue } from "@/components/segments/builder/fields";

// The operator and value part of an attribute rule or an event property filter:
// "[is one of] [US, CA]", "[is more than] [50]", "[is more than … ago] [90] [days]".

export const OP_LABELS: Record<string, string> = {
  equals: "is",
  not_equals: "is not",
  in: "is one of",
  not_in: "is none of",
  contains: "contains",
  not_contains: "does not contain",
  starts_with: "starts with",
  gt: "is more than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
  exists: "is set",
  not_exists: "is not set",
  is_true: "is yes",
  is_false: "is no",
  more_than_ago: "was more than",
  less_than_ago: "was within the last",
  before: "is before",
  after: "is after",
};

export type ValueType = "string" | "number" | "boolean" | "date";

/** The value a rule should hold after switching to `op`, keeping what still fits. */
export function valueFor(op: string, type: ValueType, previous: unknown): unknown {
  if (["exists", "not_exists", "is_true", "is_false"].includes(op)) return undefined;
  if (op === "more_than_ago" || op === "less_than_ago")
    return typeof previous === "object" && previous && !Array.isArray(previous) ? previous : { amount: 30, unit: "days" };
  if (op === "before" || op === "after")
    return typeof previous === "string" && !Number.isNaN(Date.parse(previous))
      ? previous
      : `${new Date().toISOString().slice(0, 10)}T00:00:00Z`;
  if (op === "in" || op === "not_in")
    return Array.isArray(previous) ? previous : previous === undefined || typeof previous === "object" ? [] : [previous];
  if (["gt", "gte", "lt", "lte"].includes(op)) return typeof previous === "number" ? previous : 0;
  const scalar = Array.isArray(previous) ? previous[0] : previous;
  if (type === "number") return typeof scalar === "number" ? scalar : 0;
  return typeof scalar === "string" ? scalar : scalar === undefined || typeof scalar === "object" ? "" : String(scalar);
}

type Props = {
  ops: string[];
  type: ValueType;
  op: string;
  value: unknown;
  label: string;
  onChange: (op: string, value: unknown) => void;
};

export function OpValueInput({ ops, type, op, value, label, onChange, path = "value" }: Props & { path?: string }) {
  const set = (v: unknown) => onChange(op, v);
  return (
    <>
      <Choice
        aria-label={`${label} comparison`}
        value={op}
        onChange={(e) => onChange(e.target.value, valueFor(e.target.value, type, value))}
      >
        {ops.map((o) => (
          <option key={o} value={o}>
            {OP_LABELS[o] ?? o}
          </option>
        ))}
      </Choice>
      {renderValue()}
    </>
  );

  function renderValue() {
    if (["exists", "not_exists", "is_true", "is_false"].includes(op)) return null;
    if (op === "more_than_ago" || op === "less_than_ago") {
      return (
        <>
          <DurationInput label={`${label} age`} path={path} value={value as DurationValue} onChange={set} />
          {op === "more_than_ago" && <span className="text-slate-500">ago</span>}
        </>
      );
    }
    if (op === "before" || op === "after") {
      return (
        <input
          type="date"
          aria-label={`${label} date`}
          value={String(value).slice(0, 10)}
          onChange={(e) => set(e.target.value ? `${e.target.value}T00:00:00Z` : "")}
          className="h-8 rounded-md px-2 text-sm ring-1 ring-slate-300 ring-inset"
        />
      );
    }
    if (op === "in" || op === "not_in") {
      return <ListBox label={`${label} values`} path={path} type={type} value={Array.isArray(value) ? value : []} onChange={set} />;
    }
    if (type === "number" || ["gt", "gte", "lt", "lte"].includes(op))
      return <NumberBox label={`${label} value`} path={path} min={-1e12} value={value as number} onChange={set} />;
    return <TextBox label={`${label} value`} path={path} value={String(value ?? "")} onChange={set} />;
  }
}

const parseList = (text: string, type: ValueType) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (type === "number" && !Number.isNaN(Number(s)) ? Number(s) : s));

/** Comma-separated values. Keeps the typed text (a trailing comma included) while the parsed list drives the rule. */
function ListBox({
  label,
  type,
  value,
  onChange,
  path,
}: {
  label: string;
  type: ValueType;
  value: unknown[];
  onChange: (v: unknown[]) => void;
  path?: string;
}) {
  const [text, setText] = useState(value.join(", "));
  const shown = JSON.stringify(parseList(text, type)) === JSON.stringify(value) ? text : value.join(", ");
  return (
    <TextBox
      label={label}
      path={path}
      placeholder="US, CA, GB"
      className="w-56"
      value={shown}
      onChange={(v) => {
        setText(v);
        onChange(parseList(v, type));
      }}
    />
  );
}
