import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import {
  warehouseStreamCredentialsSchema,
  webhookStreamCredentialsSchema,
  type StreamDestinationKind,
  type WarehouseStreamCredentials,
  type WebhookStreamCredentials,
} from "@/lib/streams/stream-schemas";

// A stream's secrets (signing secrets, an Authorization value, a warehouse connection string):
// one JSON object, AES-256-GCM sealed at rest like a destination's. They leave the server only
// towards the receiver; the browser and the API learn which are set and a secret's last 4 characters.

export type StreamCredentials = WebhookStreamCredentials | WarehouseStreamCredentials;

export function sealStreamCredentials(values: StreamCredentials): string {
  return encryptSecret(JSON.stringify(values));
}

export function openStreamCredentials(kind: "webhook", sealed: string | null): WebhookStreamCredentials;
export function openStreamCredentials(kind: "warehouse", sealed: string | null): WarehouseStreamCredentials;
export function openStreamCredentials(kind: StreamDestinationKind, sealed: string | null): StreamCredentials;
export function openStreamCredentials(kind: StreamDestinationKind, sealed: string | null): StreamCredentials {
  let raw: unknown = {};
  try {
    raw = sealed ? JSON.parse(decryptSecret(sealed)) : {};
  } catch {
    // A changed ENCRYPTION_KEY makes old secrets unreadable: say so instead of a stack trace.
    throw new AppError("bad_request", "The stream's saved secrets cannot be decrypted (was ENCRYPTION_KEY changed?). Enter them again.");
  }
  const schema = kind === "webhook" ? webhookStreamCredentialsSchema : warehouseStreamCredentialsSchema;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request", "The stream's saved secrets are incomplete. Enter them again.");
  return parsed.data;
}

/** What a page may show of a secret: its kind and last 4 characters. */
export function secretPreview(secret: string): string {
  return `${secret.startsWith("whsec_") ? "whsec_" : ""}…${secret.slice(-4)}`;
}
