import type { AudienceItem } from "@/lib/connectors/contract";
import { emailOf, phoneOf, platformHash, type Hashed } from "@/lib/connectors/identifiers";

// TikTok normalization (reference §3.3), applied to what ingest stored.

/**
 * Email: trim and lowercase, and remove a "+suffix" up to the "@" as TikTok's help center says.
 * Segment also strips every dot of the local part for all domains; that is a known divergence
 * from TikTok's guidance and is not copied here.
 */
export function tiktokEmail(email: string, stripPlusTag = true): string {
  const value = email.trim().toLowerCase();
  return stripPlusTag ? value.replace(/\+[^@]*@/, "@") : value;
}

/**
 * Phone: TikTok's own articles disagree (§3.3). "digits" follows the "List of supported IDs"
 * article (country code, no "+", no leading zeros: 16577770000); "e164" keeps the "+".
 */
export function tiktokPhone(e164: string, format: "digits" | "e164" = "digits"): string {
  const digits = e164.replace(/\D/g, "").replace(/^0+/, "");
  if (!digits) return "";
  return format === "e164" ? `+${digits}` : digits;
}

export type TiktokHashOptions = { phoneFormat: "digits" | "e164"; stripEmailPlusTag: boolean };

export const tiktokEmailHash = (item: AudienceItem, o: TiktokHashOptions): Hashed | undefined =>
  platformHash(emailOf(item), (v) => tiktokEmail(v, o.stripEmailPlusTag));
export const tiktokPhoneHash = (item: AudienceItem, o: TiktokHashOptions): Hashed | undefined =>
  platformHash(phoneOf(item), (v) => tiktokPhone(v, o.phoneFormat));
