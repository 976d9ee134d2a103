import type { Connector } from "@/lib/connectors/contract";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { AppError } from "@/lib/errors";

// Destination secrets: one JSON object per destination, AES-256-GCM sealed at rest (lib/crypto).
// They leave this module only towards a connector, never towards the browser: forms learn
// which fields are set (`credentialFieldsSet`), never their values.

export function sealCredentials(values: Record<string, unknown>): string {
  return encryptSecret(JSON.stringify(values));
}

export function openCredentialsRaw(sealed: string | null): Record<string, unknown> {
  if (!sealed) return {};
  try {
    return JSON.parse(decryptSecret(sealed)) as Record<string, unknown>;
  } catch {
    // A rotated ENCRYPTION_KEY makes old secrets unreadable: say so instead of a stack trace.
    throw new AppError(
      "bad_request",
      "The destination's saved credentials cannot be decrypted (was ENCRYPTION_KEY changed?). Enter them again.",
    );
  }
}

export function openCredentials<C>(connector: Connector<unknown, C>, sealed: string | null): C {
  const parsed = connector.credentialsSchema.safeParse(openCredentialsRaw(sealed));
  if (!parsed.success)
    throw new AppError(
      "bad_request",
      `The destination's credentials are incomplete: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

/** Which secret fields hold a value: what a settings form may show ("•••• set"). */
export function credentialFieldsSet(sealed: string | null): string[] {
  if (!sealed) return [];
  try {
    return Object.entries(openCredentialsRaw(sealed))
      .filter(([, v]) => v !== undefined && v !== null && v !== "")
      .map(([k]) => k);
  } catch {
    return [];
  }
}
