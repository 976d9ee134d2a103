import { z } from "zod";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { actionSecretsSchema } from "@/lib/webhook-actions/action-schemas";

// An action's secrets (values used as {{ secrets.name }}) and its signing key: one JSON object,
// AES-256-GCM sealed in webhook_actions.secrets_enc. They leave the server only towards the
// action's own URL (filled in at send time); pages, the API and the audit log see names and the
// last 4 characters.

export type ActionSecrets = { secrets: Record<string, string>; signingKey?: string };

const sealedShape = z.object({ secrets: actionSecretsSchema.default({}), signingKey: z.string().min(1).optional() });

export function sealActionSecrets(values: ActionSecrets): string | null {
  if (!Object.keys(values.secrets).length && !values.signingKey) return null;
  return encryptSecret(JSON.stringify(values));
}

export function openActionSecrets(sealed: string | null): ActionSecrets {
  if (!sealed) return { secrets: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(decryptSecret(sealed));
  } catch {
    // A changed ENCRYPTION_KEY makes old secrets unreadable: say so instead of a stack trace.
    throw new AppError("bad_request", "The action's saved secrets cannot be decrypted (was ENCRYPTION_KEY changed?). Enter them again.");
  }
  const parsed = sealedShape.safeParse(raw);
  if (!parsed.success) throw new AppError("bad_request", "The action's saved secrets are incomplete. Enter them again.");
  return parsed.data;
}

/**
 * Secrets as a person changes them: a name with a value sets it, a name with null removes it, a
 * name left out keeps the saved value (the form never gets the values back to resend).
 */
export const secretChangesSchema = z
  .record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "A secret name like api_key (letters, digits, _)"),
    z.string().min(1, "Enter the secret's value (null removes it)").max(4_000).nullable(),
  )
  .describe("name → value sets it; name → null removes it; names left out keep their saved value.");
export type SecretChanges = z.output<typeof secretChangesSchema>;

export function applySecretChanges(saved: Record<string, string>, changes: SecretChanges | undefined) {
  const next = { ...saved };
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [name, value] of Object.entries(changes ?? {})) {
    if (value === null) {
      if (name in next) removed.push(name);
      delete next[name];
    } else {
      if (next[name] !== value) changed.push(name);
      next[name] = value;
    }
  }
  const parsed = actionSecretsSchema.safeParse(next);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Invalid secrets";
    throw new AppError("validation_failed", message, { issues: [{ path: "secrets", message }] });
  }
  return { secrets: parsed.data, changed, removed };
}

/**
 * What a page may show of a secret: its last 4 characters ("…abcd"), or nothing of a short one
 * (the last 4 of an 8-character key are half of it). Signing keys keep their "whsec_" kind.
 */
export function secretPreview(secret: string): string {
  const kind = secret.startsWith("whsec_") ? "whsec_" : "";
  return secret.length >= 12 ? `${kind}…${secret.slice(-4)}` : `${kind}••••`;
}

/** Each secret's name and preview, sorted by name. */
export function secretPreviews(secrets: Record<string, string>): { name: string; preview: string }[] {
  return Object.keys(secrets)
    .sort()
    .map((name) => ({ name, preview: secretPreview(secrets[name]!) }));
}
