import type { AudienceItem } from "@/lib/connectors/contract";
import { emailOf, phoneOf, platformHash, type Hashed } from "@/lib/connectors/identifiers";

// Data Manager API formatting rules for UserIdentifier, from "Format user data"
// (https://developers.google.com/data-manager/api/devguides/concepts/formatting, checked 2026-12-01):
// - email_address: lowercase; remove leading, trailing and intermediate whitespace; for gmail.com
//   and googlemail.com ONLY, remove every "." before the "@" and remove "+" and everything after
//   it in the local part. Other domains keep dots and "+tags" ("user.name+NYC@Example.com" →
//   "user.name+nyc@example.com").
// - phone_number: E.164 with "+" and the country code, every character after "+" a digit
//   ("(800)555-0100" → "+18005550100"); trim leading and trailing whitespace.
// Then SHA-256, encoded hex or Base64 (we send HEX, declared in the request's `encoding`).
// This differs from the Google Ads API path (google-ads/hashing.ts), whose Customer Match page
// documents no Gmail rule: the two APIs are kept to their own documentation.

const GMAIL_DOMAINS = new Set(["gmail.com", "googlemail.com"]);

export function dataManagerEmail(email: string): string {
  const lower = email.replace(/\s+/g, "").toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at <= 0) return lower;
  const local = lower.slice(0, at);
  const domain = lower.slice(at + 1);
  if (!GMAIL_DOMAINS.has(domain)) return lower;
  const plus = local.indexOf("+");
  const untagged = plus >= 0 ? local.slice(0, plus) : local;
  return `${untagged.replace(/\./g, "")}@${domain}`;
}

/** E.164 from what ingest stored (already E.164); "" when no digits remain. */
export function dataManagerPhone(phone: string): string {
  const digits = phone.trim().replace(/\D/g, "");
  return digits ? `+${digits}` : "";
}

export const dataManagerEmailHash = (item: AudienceItem): Hashed | undefined => platformHash(emailOf(item), dataManagerEmail);
export const dataManagerPhoneHash = (item: AudienceItem): Hashed | undefined => platformHash(phoneOf(item), dataManagerPhone);
