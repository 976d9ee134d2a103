import type { AudienceItem } from "@/lib/connectors/contract";
import { emailOf, phoneOf, platformHash, type Hashed } from "@/lib/connectors/identifiers";

// Customer Match normalization (reference §2.2), applied to what ingest stored.

/**
 * Email: trim and lowercase; the official python example also removes all whitespace. The
 * Gmail dot-removal rule is documented for Enhanced Conversions and CM360, not Customer Match,
 * so it is deliberately NOT applied (Segment's first-dot-only variant is a known divergence).
 */
export function googleEmail(email: string): string {
  return email.replace(/\s+/g, "").toLowerCase();
}

/** Phone: E.164 with the leading "+" and country code, exactly what ingest stores and hashes. */
export function googlePhone(e164: string): string {
  const digits = e164.replace(/\D/g, "");
  return digits ? `+${digits}` : "";
}

export const googleEmailHash = (item: AudienceItem): Hashed | undefined => platformHash(emailOf(item), googleEmail);
export const googlePhoneHash = (item: AudienceItem): Hashed | undefined => platformHash(phoneOf(item), googlePhone);

/** Customer ids travel without dashes, in paths and in login-customer-id (§2.4). */
export const customerDigits = (id: string): string => id.replace(/-/g, "").trim();

/** GAQL string literal: single-quoted, with backslash and quote escaped. */
export const gaqlString = (value: string): string => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
