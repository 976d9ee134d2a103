import { filterText, filterValue, type Filter } from "@/components/forms/filter-values";
import type { Header } from "@/components/streams/stream-form-values";
import type { ActionDefinition, ActionDefinitionInput } from "@/lib/webhook-actions/action-schemas";

// The webhook action form's state and its conversions: durations typed in minutes, hours or days
// (stored in seconds), the trigger as three kinds, secrets as rows whose saved values the browser
// never sees (a saved row keeps its value unless "Replace" was clicked and a new one typed).

export const UNITS = [
  ["minutes", 60],
  ["hours", 3_600],
  ["days", 86_400],
] as const;
export type Unit = (typeof UNITS)[number][0];
export type Duration = { amount: string; unit: Unit };

const UNIT_SECONDS: Record<Unit, number> = Object.fromEntries(UNITS) as Record<Unit, number>;

/** 7200 → 2 hours; 90 → 1.5 minutes; the largest unit the value divides into evenly, else minutes. */
export function toDuration(seconds: number | null | undefined, fallback: Duration = { amount: "", unit: "hours" }): Duration {
  if (!seconds) return fallback;
  for (const [unit, size] of [...UNITS].reverse()) if (seconds % size === 0) return { amount: String(seconds / size), unit };
  return { amount: String(+(seconds / 60).toFixed(2)), unit: "minutes" };
}

/** "2" hours → 7200; blank → null; not a number → NaN (the server names the field). */
export function durationSeconds(d: Duration): number | null {
  if (d.amount.trim() === "") return null;
  const n = Number(d.amount);
  return Number.isFinite(n) ? Math.round(n * UNIT_SECONDS[d.unit]) : Number.NaN;
}

export type SecretRow = {
  name: string;
  /** What was typed: a new secret's value or a replacement. Empty for a saved one not being replaced. */
  value: string;
  /** "…abcd" for a saved secret; null for one added in this form. */
  preview: string | null;
  replacing: boolean;
};

export type MappingRow = { from: string; to: string };

export type ActionFormState = {
  name: string;
  description: string;
  triggerKind: "segment_entered" | "segment_exited" | "event";
  segmentId: string;
  eventName: string;
  filters: Filter[];
  delay: Duration;
  frequencyLimit: Duration;
  method: ActionDefinition["request"]["method"];
  url: string;
  headers: Header[];
  body: string;
  secrets: SecretRow[];
  signing: "none" | "standard" | "header";
  signingHeader: string;
  responseMapping: MappingRow[];
  ratePerSecond: string;
  timeoutSeconds: string;
};

export const BLANK_FORM: ActionFormState = {
  name: "",
  description: "",
  triggerKind: "segment_entered",
  segmentId: "",
  eventName: "",
  filters: [],
  delay: { amount: "", unit: "hours" },
  frequencyLimit: { amount: "", unit: "hours" },
  method: "POST",
  url: "",
  headers: [{ name: "Content-Type", value: "application/json" }],
  body: "",
  secrets: [],
  signing: "none",
  signingHeader: "X-Signature",
  responseMapping: [],
  ratePerSecond: "",
  timeoutSeconds: "15",
};

/** A saved action's definition as form state; saved secrets appear by name and preview only. */
export function formFromDefinition(d: ActionDefinition, secrets: { name: string; preview: string }[]): ActionFormState {
  const t = d.trigger;
  return {
    name: d.name,
    description: d.description ?? "",
    triggerKind: t.kind,
    segmentId: t.kind === "event" ? "" : t.segmentId,
    eventName: t.kind === "event" ? t.eventName : "",
    filters:
      t.kind === "event" ? t.filters.map((f) => ({ property: f.property, op: f.op, value: filterText(f.value), saved: f.value })) : [],
    delay: toDuration(d.delaySeconds),
    frequencyLimit: toDuration(d.frequencyLimitSeconds),
    method: d.request.method,
    url: d.request.url,
    headers: d.request.headers.map((h) => ({ ...h })),
    body: d.request.body,
    secrets: secrets.map((s) => ({ name: s.name, value: "", preview: s.preview, replacing: false })),
    signing: d.signing.mode,
    signingHeader: d.signing.mode === "header" ? d.signing.header : "X-Signature",
    responseMapping: d.responseMapping.map((m) => ({ ...m })),
    ratePerSecond: d.ratePerSecond === null ? "" : String(d.ratePerSecond),
    timeoutSeconds: String(d.timeoutMs / 1000),
  };
}

const num = (s: string) => (s.trim() === "" ? null : Number(s));

/** The definition the server checks (the same shape as POST /api/v1/webhook-actions). */
export function definitionFromForm(s: ActionFormState, retrySchedule?: number[]): ActionDefinitionInput {
  const trigger: ActionDefinitionInput["trigger"] =
    s.triggerKind === "event"
      ? {
          kind: "event",
          eventName: s.eventName,
          filters: s.filters
            .filter((f) => f.property.trim())
            .map((f) => ({ property: f.property, op: f.op, value: filterValue(f) as never })),
        }
      : { kind: s.triggerKind, segmentId: s.segmentId };
  return {
    name: s.name,
    description: s.description.trim() || undefined,
    trigger,
    delaySeconds: durationSeconds(s.delay) ?? 0,
    frequencyLimitSeconds: durationSeconds(s.frequencyLimit),
    ratePerSecond: num(s.ratePerSecond),
    timeoutMs: Math.round((num(s.timeoutSeconds) ?? 15) * 1000),
    ...(retrySchedule ? { retrySchedule } : {}),
    request: {
      method: s.method,
      url: s.url,
      headers: s.headers.filter((h) => h.name.trim() || h.value.trim()).map((h) => ({ name: h.name.trim(), value: h.value })),
      body: s.body,
    },
    signing: s.signing === "header" ? { mode: "header", header: s.signingHeader } : { mode: s.signing },
    responseMapping: s.responseMapping.filter((m) => m.from.trim() || m.to.trim()),
  };
}

/**
 * The secrets to send: new and replaced values; a saved secret untouched is left out (kept), one
 * removed from the list is sent as null (deleted). `saved` are the names the action had.
 */
export function secretsPatch(rows: SecretRow[], saved: string[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const r of rows) if (r.name.trim() && (r.preview === null || r.replacing) && r.value !== "") out[r.name.trim()] = r.value;
  const kept = new Set(rows.map((r) => r.name.trim()));
  for (const name of saved) if (!kept.has(name)) out[name] = null;
  return out;
}

/** Names usable as {{ secrets.name }} in the templates: saved ones and those typed in this form. */
export const secretNames = (rows: SecretRow[]) => rows.map((r) => r.name.trim()).filter(Boolean);
