"use client";

import { clsx } from "clsx";
import { createContext, useContext, type ReactNode, type SelectHTMLAttributes } from "react";
import { EVENTS, humanize } from "@/lib/segments/catalog";

// Small inline controls for sentence-style rules ("Did [started checkout] in the last [3]
// [days]"). Every control carries an aria-label, so the sentence reads well to a screen
// reader and browser tests can find each part by name.

export type BuilderCatalog = {
  /** Event names seen in this workspace that the catalogue does not describe. */
  extraEvents: string[];
  segments: { id: string; name: string }[];
  /** The segment being edited, left out of "in segment" choices. */
  selfId?: string;
};

const CatalogContext = createContext<BuilderCatalog>({ extraEvents: [], segments: [] });
export const CatalogProvider = CatalogContext.Provider;
export const useCatalog = () => useContext(CatalogContext);

// Which parts of the current rule have a validation problem, by path inside the rule
// ("window.amount"): each control marks itself red from this, so "marked in red" is true
// of the exact box to fix, not only of the rule's card.
const InvalidContext = createContext<(path: string) => boolean>(() => false);
export const InvalidPaths = ({ paths, children }: { paths: string[]; children: ReactNode }) => (
  <InvalidContext.Provider value={(p) => paths.some((x) => x === p || x.startsWith(`${p}.`))}>{children}</InvalidContext.Provider>
);
/** aria-invalid for a control at `path` (or forced by `invalid`). */
export function useInvalid(path?: string, invalid?: boolean): { "aria-invalid"?: true } {
  const isInvalid = useContext(InvalidContext);
  return invalid || (path !== undefined && isInvalid(path)) ? { "aria-invalid": true } : {};
}

// Not the form-field classes: those are full-width blocks, and these sit inside a sentence.
const inline =
  "inline-block h-8 rounded-md border-0 bg-white px-2 py-1 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 " +
  "focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none aria-invalid:bg-red-50 aria-invalid:ring-2 aria-invalid:ring-red-500";

export function Choice({
  className,
  children,
  path,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { "aria-label": string; path?: string }) {
  const invalid = useInvalid(path);
  return (
    <select className={clsx(inline, "appearance-auto pr-7", className)} {...invalid} {...props}>
      {children}
    </select>
  );
}

export function NumberBox({
  value,
  onChange,
  label,
  min = 1,
  className,
  path,
  invalid,
  describedBy,
}: {
  value: number | undefined;
  onChange: (n: number) => void;
  label: string;
  min?: number;
  className?: string;
  path?: string;
  invalid?: boolean;
  describedBy?: string;
}) {
  const marked = useInvalid(path, invalid);
  return (
    <input
      {...marked}
      aria-describedby={marked["aria-invalid"] ? describedBy : undefined}
      type="number"
      inputMode="numeric"
      aria-label={label}
      min={min}
      value={Number.isFinite(value) ? value : ""}
      onChange={(e) => onChange(e.target.value === "" ? Number.NaN : Number(e.target.value))}
      className={clsx(inline, "w-20", className)}
    />
  );
}

export function TextBox({
  value,
  onChange,
  label,
  placeholder,
  className,
  path,
  list,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
  placeholder?: string;
  className?: string;
  path?: string;
  list?: string;
}) {
  const invalid = useInvalid(path);
  return (
    <input
      type="text"
      {...invalid}
      list={list}
      aria-label={label}
      placeholder={placeholder}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      className={clsx(inline, "w-40", className)}
    />
  );
}

const UNITS = [
  ["minutes", "minutes"],
  ["hours", "hours"],
  ["days", "days"],
] as const;

export type DurationValue = { amount: number; unit: "minutes" | "hours" | "days" };

export function DurationInput({
  value,
  onChange,
  label,
  path,
}: {
  value: DurationValue;
  onChange: (d: DurationValue) => void;
  label: string;
  path?: string;
}) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <NumberBox
        label={`${label}: amount`}
        path={path && `${path}.amount`}
        value={value.amount}
        onChange={(amount) => onChange({ ...value, amount })}
      />
      <Choice
        aria-label={`${label}: unit`}
        value={value.unit}
        onChange={(e) => onChange({ ...value, unit: e.target.value as DurationValue["unit"] })}
      >
        {UNITS.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </Choice>
    </span>
  );
}

export type WindowValue =
  { type: "last"; amount: number; unit: DurationValue["unit"] } | { type: "between"; from: string; to: string } | undefined;

const toLocal = (iso: string) => (iso ? iso.slice(0, 16) : "");
const fromLocal = (v: string) => (v ? `${v}:00Z` : "");

/** "at any time" | "in the last N units" | "between two dates (UTC)". */
export function WindowPicker({
  value,
  onChange,
  label = "When",
  path = "window",
}: {
  value: WindowValue;
  onChange: (w: WindowValue) => void;
  label?: string;
  path?: string;
}) {
  const fromInvalid = useInvalid(`${path}.from`);
  const toInvalid = useInvalid(`${path}.to`);
  const kind = value?.type ?? "any";
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <Choice
        aria-label={label}
        value={kind}
        onChange={(e) => {
          const k = e.target.value;
          const day = 86_400_000;
          if (k === "any") onChange(undefined);
          else if (k === "last") onChange({ type: "last", amount: 7, unit: "days" });
          else
            onChange({
              type: "between",
              from: new Date(Date.now() - 30 * day).toISOString().slice(0, 10) + "T00:00:00Z",
              to: new Date().toISOString().slice(0, 10) + "T00:00:00Z",
            });
        }}
      >
        <option value="any">at any time</option>
        <option value="last">in the last</option>
        <option value="between">between</option>
      </Choice>
      {value?.type === "last" && (
        <DurationInput label={label} path={path} value={value} onChange={(d) => onChange({ type: "last", ...d })} />
      )}
      {value?.type === "between" && (
        <>
          <input
            type="datetime-local"
            {...fromInvalid}
            aria-label={`${label} from (UTC)`}
            value={toLocal(value.from)}
            onChange={(e) => onChange({ ...value, from: fromLocal(e.target.value) })}
            className={inline}
          />
          <span className="text-slate-500">and</span>
          <input
            type="datetime-local"
            {...toInvalid}
            aria-label={`${label} to (UTC)`}
            value={toLocal(value.to)}
            onChange={(e) => onChange({ ...value, to: fromLocal(e.target.value) })}
            className={inline}
          />
          <span className="text-xs text-slate-400">UTC</span>
        </>
      )}
    </span>
  );
}

/** Events by what a marketer calls them ("started checkout"), with the raw name alongside. */
export function EventPicker({
  value,
  onChange,
  label,
  verb = "did",
  path = "event",
}: {
  value: string;
  onChange: (name: string) => void;
  label: string;
  verb?: "did" | "noun";
  path?: string;
}) {
  const { extraEvents } = useCatalog();
  const groups: [string, { name: string; text: string }[]][] = [
    ["Shopping", EVENTS.filter((e) => e.intent || e.purchase).map((e) => ({ name: e.name, text: verb === "did" ? e.did : e.noun }))],
    ["Messages", EVENTS.filter((e) => !e.intent && !e.purchase).map((e) => ({ name: e.name, text: verb === "did" ? e.did : e.noun }))],
  ];
  const known = new Set(EVENTS.map((e) => e.name));
  const extra = [...new Set([...extraEvents, ...(known.has(value) || !value ? [] : [value])])].filter((n) => !known.has(n));
  if (extra.length) groups.push(["Other events", extra.map((n) => ({ name: n, text: humanize(n) }))]);
  return (
    <Choice aria-label={label} path={path} value={value} onChange={(e) => onChange(e.target.value)} className="max-w-64">
      {groups.map(([group, items]) => (
        <optgroup key={group} label={group}>
          {items.map((i) => (
            <option key={i.name} value={i.name}>
              {i.text}
            </option>
          ))}
        </optgroup>
      ))}
    </Choice>
  );
}

export function Sentence({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={clsx("flex flex-wrap items-center gap-x-2 gap-y-2 text-sm text-slate-700", className)}>{children}</div>;
}
