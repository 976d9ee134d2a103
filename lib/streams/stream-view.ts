import type { EventStream } from "@/lib/generated/prisma/client";
import { openStreamCredentials, secretPreview } from "@/lib/streams/stream-credentials";
import { type StreamDestinationKind, type StreamSelector, streamSelectorSchema } from "@/lib/streams/stream-schemas";

// What may leave the server about a stream: its selector and settings (non-secret by definition),
// which secrets are set, and of each signing secret only when it was made, when it stops signing
// and its last 4 characters. Never a secret, never the sealed blob.

export type SigningSecretView = { createdAt: string; expiresAt: string | null; preview: string };

export function streamView(row: EventStream) {
  const kind = row.destinationKind as StreamDestinationKind;
  let credentialsSet: string[] = [];
  let signingSecrets: SigningSecretView[] = [];
  let where = "";
  try {
    const creds = openStreamCredentials(kind, row.credentialsEnc);
    credentialsSet = Object.entries(creds)
      .filter(([, v]) => v !== undefined && v !== null && v !== "")
      .map(([k]) => k);
    if ("signingSecrets" in creds)
      signingSecrets = creds.signingSecrets.map((s) => ({
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        preview: secretPreview(s.secret),
      }));
    if ("connectionString" in creds) where = databaseName(creds.connectionString);
  } catch {
    // Unreadable secrets (a changed ENCRYPTION_KEY) list as unset; the sender reports the real error.
  }
  const settings = row.settings as Record<string, unknown>;
  const selector = streamSelectorSchema.safeParse(row.selector);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    selector: (selector.success ? selector.data : row.selector) as StreamSelector,
    /** What it forwards, in words. */
    forwards: selector.success ? describeSelector(selector.data) : "Events (unreadable selector)",
    destination: {
      kind,
      settings,
      credentialsSet,
      /** Where, in words: the URL's host, or schema.table in the database. */
      label: kind === "webhook" ? hostOf(String(settings.url ?? "")) : `${settings.schema}.${settings.table}${where ? ` in ${where}` : ""}`,
    },
    signingSecrets,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type StreamView = ReturnType<typeof streamView>;

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}

/** host/database of a connection string, without the user or password. */
function databaseName(connectionString: string): string {
  if (!URL.canParse(connectionString)) return "";
  const u = new URL(connectionString);
  return `${u.host}${u.pathname}`;
}

const METRIC_WORDS: Record<string, string> = {
  sent: "sent",
  delivered: "delivered",
  opened: "opened",
  clicked: "clicked",
  unsubscribed: "unsubscribed",
  bounced: "bounced",
  converted: "converted",
};
const CHANNEL_WORDS: Record<string, string> = {
  email: "email",
  sms: "SMS",
  push: "push",
  in_app: "in-app",
  whatsapp: "WhatsApp",
  webhook: "webhook",
  slack: "Slack",
};
const FILTER_WORDS: Record<string, string> = {
  equals: "is",
  not_equals: "is not",
  exists: "is set",
  not_exists: "is not set",
  contains: "contains",
  in: "is one of",
};

function list(words: string[], joiner = "and"): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${joiner} ${words.at(-1)}`;
}

/** "Email and SMS sent, opened; order_completed; checkout_*, where plan is pro". */
export function describeSelector(s: StreamSelector): string {
  const parts: string[] = [];
  if (s.metrics.length) {
    const channels = s.channels.length ? list(s.channels.map((c) => CHANNEL_WORDS[c] ?? c)) : "Every channel's";
    const metrics = list(s.metrics.map((m) => METRIC_WORDS[m] ?? m));
    parts.push(`${channels.charAt(0).toUpperCase()}${channels.slice(1)} ${metrics}`);
  }
  if (s.names.length) parts.push(list(s.names, "or"));
  if (s.patterns.length) parts.push(list(s.patterns, "or"));
  const filters = s.filters.map((f) => {
    const value =
      f.op === "exists" || f.op === "not_exists" ? "" : ` ${Array.isArray(f.value) ? f.value.join(", ") : String(f.value ?? "")}`;
    return `${f.property} ${FILTER_WORDS[f.op] ?? f.op}${value}`;
  });
  return `${parts.join("; ")}${filters.length ? `, where ${list(filters)}` : ""}`;
}
