import type { NotificationChannel } from "@/lib/generated/prisma/client";
import { openChannelCredentials, secretPreview } from "@/lib/monitoring/notifications/channel-credentials";
import { CHANNEL_KIND_WORDS, type ChannelKind } from "@/lib/monitoring/notifications/channel-schemas";

// What may leave the server about a channel: its settings (non-secret by definition), which secrets
// are set with their last 4 characters, and where it sends, in words. Never a secret.

export function channelView(row: NotificationChannel) {
  const kind = row.kind as ChannelKind;
  const settings = (row.settings ?? {}) as Record<string, unknown>;
  const secrets: Record<string, string> = {};
  try {
    for (const [k, v] of Object.entries(openChannelCredentials(kind, row.credentialsEnc)))
      if (typeof v === "string" && v) secrets[k] = k === "webhookUrl" ? slackPreview(v) : secretPreview(v);
  } catch {
    // Unreadable secrets (a changed ENCRYPTION_KEY) list as unset; the sender reports the real error.
  }
  return {
    id: row.id,
    name: row.name,
    kind,
    kindWord: CHANNEL_KIND_WORDS[kind] ?? kind,
    settings,
    /** Which secrets are set, each as its last 4 characters. */
    secrets,
    /** Where it sends, in words. */
    label: labelOf(kind, settings),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type ChannelView = ReturnType<typeof channelView>;

function labelOf(kind: ChannelKind, s: Record<string, unknown>): string {
  if (kind === "email") {
    const to = Array.isArray(s.to) ? (s.to as string[]) : [];
    return `${to.slice(0, 3).join(", ")}${to.length > 3 ? ` and ${to.length - 3} more` : ""} via ${String(s.host ?? "")}:${String(s.port ?? "")}`;
  }
  if (kind === "slack") return "A Slack channel (incoming webhook)";
  if (kind === "pagerduty")
    return `PagerDuty Events API v2${hostOf(String(s.eventsUrl ?? "")) === "events.pagerduty.com" ? "" : ` at ${hostOf(String(s.eventsUrl))}`}`;
  return hostOf(String(s.url ?? ""));
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}

/** A Slack webhook URL is itself the secret: show its host and last 4 characters only. */
function slackPreview(url: string): string {
  return `${hostOf(url)}/…${url.slice(-4)}`;
}
