// The stream form's vocabulary and value conversions: labels for metrics, channels and condition
// operators, and how a typed retry schedule or condition value becomes what the API takes.

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
export const OPS = [
  ["equals", "is"],
  ["not_equals", "is not"],
  ["contains", "contains"],
  ["in", "is one of (comma-separated)"],
  ["exists", "is set"],
  ["not_exists", "is not set"],
] as const;

// `saved` is a saved filter's value as stored (a number stays a number when its text is unchanged).
export type Filter = { property: string; op: (typeof OPS)[number][0]; value: string; saved?: unknown };
export type Header = { name: string; value: string };

export function toggle<T>(list: T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function parseSchedule(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (!parts.length || parts.some((p) => !/^\d+$/.test(p))) return null;
  return parts.map(Number);
}

export function filterText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

export function filterValue(f: Filter): unknown {
  if (f.op === "exists" || f.op === "not_exists") return undefined;
  if (f.saved !== undefined && filterText(f.saved) === f.value) return f.saved;
  if (f.op === "in")
    return f.value
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
  return f.value;
}
