import type { AudienceItem } from "@/lib/connectors/contract";
import { emailOf, phoneOf, platformHash, type Hashed } from "@/lib/connectors/identifiers";

// TikTok normalization, applied to what ingest stored. Checked 2026-12-01 against TikTok's help
// center (the customer-file pages are the only place TikTok documents identifier formats; the
// Segment API takes the same hashes):
//   https://ads.tiktok.com/help/article/how-to-create-a-custom-audience-with-a-customer-file (updated September 2025)
//   https://ads.tiktok.com/help/preview?content_id=5gcDeV2ckkwNVh1BedxvSJ&lang=en ("List of supported IDs and formats")
// Email: "Remove spaces", "Convert all characters to lowercase", "SHA 256 hashing required";
// example normalized "janedoe@gmail.com" → d6117306…6c69. Nothing else.
// Phone: "E164 format: "+"[country code][phone number]", "Also Supported: Without "+"".
// MAID (IDFA/GAID): one consistent case, trimmed, SHA-256 or MD5; this connector sends no MAIDs.
// Older versions of the "List of supported IDs" article (June/August 2025) also said to remove a
// "+suffix" up to "@" and gave digits-only phones; the current pages dropped both, so neither is
// the default here (reference §3.3 predates the change).

/**
 * Email as TikTok documents it: spaces removed, lowercase. Removing a "+tag" is an explicit,
 * off-by-default option: "jane+promo@example.com" and "jane@example.com" can be two different
 * people (or the second nobody), so stripping can add the wrong person to an audience.
 */
export function tiktokEmail(email: string, removePlusTag = false): string {
  const value = email.replace(/\s+/g, "").toLowerCase();
  return removePlusTag ? value.replace(/\+[^@]*@/, "@") : value;
}

/**
 * Phone: "e164" (the default) is TikTok's recommended form, "+" + country code + number
 * (+16577770000); "digits" is the form TikTok also accepts, without the "+" (16577770000).
 * Leading zeros after the "+" are not part of an E.164 number and are dropped either way.
 */
export function tiktokPhone(e164: string, format: "digits" | "e164" = "e164"): string {
  const digits = e164.replace(/\D/g, "").replace(/^0+/, "");
  if (!digits) return "";
  return format === "e164" ? `+${digits}` : digits;
}

export type TiktokHashOptions = { phoneFormat: "digits" | "e164"; removeEmailPlusTag: boolean };

export const tiktokEmailHash = (item: AudienceItem, o: TiktokHashOptions): Hashed | undefined =>
  platformHash(emailOf(item), (v) => tiktokEmail(v, o.removeEmailPlusTag));
export const tiktokPhoneHash = (item: AudienceItem, o: TiktokHashOptions): Hashed | undefined =>
  platformHash(phoneOf(item), (v) => tiktokPhone(v, o.phoneFormat));
