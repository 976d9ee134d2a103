import { createHmac } from "node:crypto";
import { sha256Hex } from "@/lib/crypto";
import type { AudienceItem } from "@/lib/connectors/contract";
import { emailOf, phoneOf, platformHash, type Hashed } from "@/lib/connectors/identifiers";

// Meta's normalization rules (reference §1.3), applied to what ingest stored.

/**
 * EMAIL: trim, lowercase; the official PHP/Python SDKs also strip leading/trailing dots and
 * control characters: trim(strtolower(v), " \t\r\n\0\x0B."). No Gmail dot or +tag stripping.
 */
export function metaEmail(email: string): string {
  return email.toLowerCase().replace(/^[ \t\r\n\0\x0B.]+|[ \t\r\n\0\x0B.]+$/g, "");
}

/**
 * PHONE: digits only, no "+", no leading zeros, country code included. Meta does not use the
 * E.164 "+": "+447…" never matches, "447…" does (reference §1.3). So the E.164 hash stored at
 * ingest is the wrong hash for Meta and is always re-derived.
 */
export function metaPhone(e164: string): string {
  return e164.replace(/\D/g, "").replace(/^0+/, "");
}

export const metaEmailHash = (item: AudienceItem): Hashed | undefined => platformHash(emailOf(item), metaEmail);
export const metaPhoneHash = (item: AudienceItem): Hashed | undefined => platformHash(phoneOf(item), metaPhone);

/** EXTERN_ID is sent as provided, unhashed (reference §1.3). */
export const metaExternId = (item: AudienceItem): string | undefined => item.externalId?.trim() || undefined;

/**
 * appsecret_proof: hex HMAC-SHA256 keyed by the app secret over `token|unix_seconds`, sent with
 * appsecret_time; the time-stamped variant expires after 5 minutes (reference §1.6).
 */
export function appSecretProof(accessToken: string, appSecret: string, unixSeconds: number): string {
  return createHmac("sha256", appSecret).update(`${accessToken}|${unixSeconds}`).digest("hex");
}

/**
 * Session ids are client-chosen 64-bit integers (reference §1.4). Derived from the run so a retried
 * batch lands in the same session; kept under 2^52 so JSON numbers stay exact.
 */
export function metaSessionId(seed: string): number {
  return parseInt(sha256Hex(seed).slice(0, 13), 16);
}
