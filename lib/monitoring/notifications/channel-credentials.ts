import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import {
  emailCredentialsSchema,
  pagerdutyCredentialsSchema,
  slackCredentialsSchema,
  webhookCredentialsSchema,
  type ChannelKind,
} from "@/lib/monitoring/notifications/channel-schemas";

// A channel's secrets (SMTP password, Slack webhook URL, PagerDuty integration key, a webhook's
// signing secret and Authorization value): one JSON object, AES-256-GCM sealed at rest like a
// destination's. They leave the server only towards the channel; pages and the API learn which are
// set and each one's last 4 characters.

const schemas = {
  email: emailCredentialsSchema,
  slack: slackCredentialsSchema,
  pagerduty: pagerdutyCredentialsSchema,
  webhook: webhookCredentialsSchema,
} as const;

export function sealChannelCredentials(values: Record<string, unknown>): string {
  return encryptSecret(JSON.stringify(values));
}

export function openChannelCredentials<K extends ChannelKind>(kind: K, sealed: string | null) {
  let raw: unknown = {};
  try {
    raw = sealed ? JSON.parse(decryptSecret(sealed)) : {};
  } catch {
    // A changed ENCRYPTION_KEY makes old secrets unreadable: say so instead of a stack trace.
    throw new AppError("bad_request", "The channel's saved secrets cannot be decrypted (was ENCRYPTION_KEY changed?). Enter them again.");
  }
  const parsed = schemas[kind].safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request", "The channel's saved secrets are incomplete. Enter them again.");
  return parsed.data as import("zod").output<(typeof schemas)[K]>;
}

/** What a page may show of a secret: its kind and last 4 characters. */
export function secretPreview(secret: string): string {
  return `${secret.startsWith("whsec_") ? "whsec_" : ""}…${secret.slice(-4)}`;
}
