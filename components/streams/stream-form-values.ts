import { filterText, filterValue, type Filter } from "@/components/forms/filter-values";
import type { FieldErrors } from "@/lib/actions/action-result";
import { DEFAULT_RETRY_SCHEDULE, type StreamSelector } from "@/lib/streams/stream-schemas";

// The stream form's vocabulary and state: labels for metrics and channels, the two stages' drafts
// (which events; where to send them) filled from a saved stream, and how each becomes what the API takes.

export const METRIC_LABEL: Record<string, string> = {
  sent: "Sent",
  delivered: "Delivered",
  opened: "Opened",
  clicked: "Clicked",
  unsubscribed: "Unsubscribed",
  bounced: "Bounced",
  converted: "Converted",
};
export const CHANNEL_LABEL: Record<string, string> = {
  email: "Email",
  sms: "SMS",
  push: "Push",
  in_app: "In-app",
  whatsapp: "WhatsApp",
  webhook: "Webhook",
  slack: "Slack",
};
export type Header = { name: string; value: string };

export function toggle<T>(list: T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function parseSchedule(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (!parts.length || parts.some((p) => !/^\d+$/.test(p))) return null;
  return parts.map(Number);
}

/** A saved stream, as the edit page passes it (from its StreamView). */
export type StreamFormInitial = {
  id: string;
  name: string;
  selector: StreamSelector;
  kind: "webhook" | "warehouse";
  settings: Record<string, unknown>;
  credentialsSet: string[];
};

/** Which events: what is chosen, plus a name or pattern typed but not added yet. */
export type EventsDraft = {
  metrics: string[];
  channels: string[];
  names: string[];
  nameDraft: string;
  patterns: string[];
  patternDraft: string;
  filters: Filter[];
};

/** Where to send them: both kinds' fields as typed (a kind's fields are kept while the other is shown). */
export type DestinationDraft = {
  kind: "webhook" | "warehouse";
  url: string;
  headers: Header[];
  authorization: string;
  batchSize: string;
  maxWait: string;
  timeout: string;
  signatureMode: "standard" | "customerio";
  schedule: string;
  connectionString: string;
  schema: string;
  table: string;
};

/** What each of the destination stage's parts takes. */
export type DestinationFieldsProps = {
  value: DestinationDraft;
  onChange: (patch: Partial<DestinationDraft>) => void;
  errors: FieldErrors;
  /** Whether the saved stream has this credential (its value never reaches the browser). */
  secretSet: (key: string) => boolean;
};

export function eventsDraft(initial?: StreamFormInitial): EventsDraft {
  const selector = initial?.selector;
  return {
    metrics: selector?.metrics ?? ["delivered", "opened", "clicked"],
    channels: selector?.channels ?? [],
    names: selector?.names ?? [],
    nameDraft: "",
    patterns: selector?.patterns ?? [],
    patternDraft: "",
    filters: (selector?.filters ?? []).map((f) => ({ property: f.property, op: f.op, value: filterText(f.value), saved: f.value })),
  };
}

export function destinationDraft(initial?: StreamFormInitial): DestinationDraft {
  const saved = initial?.settings ?? {};
  const savedText = (key: string, fallback: string, scale = 1) => (typeof saved[key] === "number" ? String(saved[key] / scale) : fallback);
  return {
    kind: initial?.kind ?? "webhook",
    url: typeof saved.url === "string" ? saved.url : "",
    headers: Object.entries((saved.headers as Record<string, string> | undefined) ?? {}).map(([name, value]) => ({ name, value })),
    authorization: "",
    batchSize: savedText("batchSize", "500"),
    maxWait: savedText("maxWaitMs", "5", 1000),
    timeout: savedText("timeoutMs", "15", 1000),
    signatureMode: saved.signatureMode === "customerio" ? "customerio" : "standard",
    schedule: ((saved.retrySchedule as number[] | undefined) ?? DEFAULT_RETRY_SCHEDULE).join(", "),
    connectionString: "",
    schema: typeof saved.schema === "string" ? saved.schema : "downstream",
    table: typeof saved.table === "string" ? saved.table : "engagement_events",
  };
}

/** A name or pattern typed but not added yet is meant: it joins the chips. */
export function withTypedEntries(d: EventsDraft): EventsDraft {
  const add = (list: string[], typed: string) => (typed.trim() && !list.includes(typed.trim()) ? [...list, typed.trim()] : list);
  return { ...d, names: add(d.names, d.nameDraft), nameDraft: "", patterns: add(d.patterns, d.patternDraft), patternDraft: "" };
}

export function selectorFromDraft(d: EventsDraft) {
  return {
    metrics: d.metrics,
    channels: d.channels,
    names: d.names,
    patterns: d.patterns,
    filters: d.filters.filter((f) => f.property.trim()).map((f) => ({ property: f.property, op: f.op, value: filterValue(f) })),
  };
}

export function destinationFromDraft(d: DestinationDraft, retrySchedule: number[]) {
  const num = (s: string, scale = 1) => (s.trim() === "" ? undefined : Number(s) * scale);
  return d.kind === "webhook"
    ? {
        kind: d.kind,
        settings: {
          url: d.url,
          headers: Object.fromEntries(d.headers.filter((h) => h.name.trim()).map((h) => [h.name.trim(), h.value])),
          batchSize: num(d.batchSize),
          maxWaitMs: num(d.maxWait, 1000),
          timeoutMs: num(d.timeout, 1000),
          signatureMode: d.signatureMode,
          retrySchedule,
        },
        credentials: d.authorization.trim() ? { authorization: d.authorization } : {},
      }
    : {
        kind: d.kind,
        settings: { schema: d.schema, table: d.table, retrySchedule },
        credentials: { connectionString: d.connectionString },
      };
}
