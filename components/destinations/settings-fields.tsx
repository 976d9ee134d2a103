"use client";

import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { FormField } from "@/lib/destinations/destination-form";
import { optionLabel } from "@/components/destinations/option-label";

// One form control per connector field, driven by the field spec derived from the connector's
// zod schema. Secrets are password inputs that never show a saved value: "•••• set" at most.

export type FieldValues = Record<string, string | boolean>;

export function SettingsFields({
  fields,
  values,
  onChange,
  errors,
  savedSecrets = [],
}: {
  fields: FormField[];
  values: FieldValues;
  onChange: (name: string, value: string | boolean) => void;
  errors?: Record<string, string>;
  savedSecrets?: string[];
}) {
  return (
    <div className="space-y-4">
      {fields.map((f) => {
        const id = `field-${f.secret ? "secret" : "setting"}-${f.name}`;
        const error = errors?.[f.name];
        const saved = f.secret && savedSecrets.includes(f.name);
        const hint = [
          f.description,
          saved ? "•••• set — leave blank to keep it." : null,
          !f.required && !saved && !f.secret && f.defaultValue === undefined ? "Optional." : null,
        ]
          .filter(Boolean)
          .join(" ");
        if (f.type === "boolean") {
          return (
            <label key={f.name} className="flex items-start gap-3 text-sm">
              <input
                id={id}
                type="checkbox"
                className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600"
                checked={values[f.name] === true}
                onChange={(e) => onChange(f.name, e.target.checked)}
              />
              <span>
                <span className="font-medium text-slate-700">{f.label}</span>
                {f.description && <span className="block text-xs text-slate-500">{f.description}</span>}
              </span>
            </label>
          );
        }
        return (
          <Field key={f.name} label={f.label + (f.required && !saved ? "" : "")} htmlFor={id} hint={hint || undefined} error={error}>
            {f.type === "enum" ? (
              <Select id={id} value={String(values[f.name] ?? "")} onChange={(e) => onChange(f.name, e.target.value)}>
                {f.options!.map((o) => (
                  <option key={o} value={o}>
                    {optionLabel(o)}
                  </option>
                ))}
              </Select>
            ) : f.type === "headers" ? (
              <textarea
                id={id}
                rows={3}
                placeholder={"X-Team: growth"}
                className="block w-full rounded-md bg-white px-3 py-2 font-mono text-xs text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none"
                value={String(values[f.name] ?? "")}
                onChange={(e) => onChange(f.name, e.target.value)}
                aria-invalid={error ? true : undefined}
              />
            ) : (
              <Input
                id={id}
                type={f.secret ? "password" : f.type === "integer" ? "number" : f.type === "url" ? "url" : "text"}
                autoComplete={f.secret ? "new-password" : "off"}
                placeholder={saved ? "•••• set" : f.defaultValue !== undefined ? String(f.defaultValue) : undefined}
                min={f.min}
                max={f.max}
                value={String(values[f.name] ?? "")}
                onChange={(e) => onChange(f.name, e.target.value)}
                aria-invalid={error ? true : undefined}
              />
            )}
          </Field>
        );
      })}
    </div>
  );
}

/** Form values → what the connector schema parses: numbers, booleans, header maps; blanks left out. */
export function toPayload(fields: FormField[], values: FieldValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === "boolean") {
      out[f.name] = v === true;
      continue;
    }
    if (typeof v !== "string" || v.trim() === "") continue;
    if (f.type === "integer") out[f.name] = Number(v);
    else if (f.type === "headers") out[f.name] = parseHeaders(v);
    else out[f.name] = v.trim();
  }
  return out;
}

/** Settings as saved → form values (headers back to "Name: value" lines; secrets always blank). */
export function toValues(fields: FormField[], saved: Record<string, unknown> = {}): FieldValues {
  const values: FieldValues = {};
  for (const f of fields) {
    const v = f.secret ? undefined : (saved[f.name] ?? f.defaultValue);
    if (f.type === "boolean") values[f.name] = v === true;
    else if (f.type === "headers")
      values[f.name] = Object.entries((v as Record<string, string>) ?? {})
        .map(([k, x]) => `${k}: ${x}`)
        .join("\n");
    else values[f.name] = v === undefined ? "" : String(v);
  }
  return values;
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return headers;
}
