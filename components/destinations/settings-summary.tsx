import { optionLabel } from "@/components/destinations/option-label";
import type { FormField } from "@/lib/destinations/destination-form";

// A destination's settings for someone who may not edit them: each field under the label the
// form uses, enum values in words, never raw JSON.
export function SettingsSummary({ fields, settings }: { fields: FormField[]; settings: Record<string, unknown> }) {
  const shown = (f: FormField, v: unknown): string => {
    if (v === undefined || v === null || v === "") return "—";
    if (f.type === "boolean") return v ? "Yes" : "No";
    if (f.type === "enum") return optionLabel(String(v));
    if (f.type === "headers" && typeof v === "object")
      return Object.keys(v as object).length ? Object.keys(v as object).join(", ") : "None";
    if (typeof v === "number") return v.toLocaleString("en-US");
    return String(v);
  };
  return (
    <dl className="space-y-2 text-sm" data-testid="destination-settings">
      {fields.map((f) => (
        <div key={f.name} className="flex justify-between gap-4">
          <dt className="text-slate-500">{f.label}</dt>
          <dd className="truncate text-right text-slate-900">{shown(f, settings[f.name] ?? f.defaultValue)}</dd>
        </div>
      ))}
    </dl>
  );
}
