import { sha256Hex } from "@/lib/crypto";
import type { AudienceItem, ItemResult } from "@/lib/connectors/contract";

// Platform hashing from what ingest stored (lib/identity/normalize.ts: trimmed lowercase email,
// E.164 phone, sha256 of each). Each platform supplies a `canonical` function that turns the
// stored value into its own normal form (Meta: digits-only phone; TikTok: E.164 phone with "+");
// this file does the rest: pre-hashed pass-through (reference §1.3, §2.2, §3.3: 64-hex values
// are already hashed), re-hashing only when the platform's form differs from what we hashed.

/** What every platform requires on the wire: 64 lowercase hex characters. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;
const ANY_CASE_HEX = /^[0-9a-f]{64}$/i;

export type Hashed = { hash: string } | { error: string };

type Stored = { value: string | null | undefined; sha256: string | null | undefined; prehashed?: boolean };

/**
 * The platform hash for one stored identifier, or undefined when the person has none.
 * `canonical` returns the platform's normal form, or "" when the value cannot be used.
 */
export function platformHash(stored: Stored | null | undefined, canonical: (value: string) => string): Hashed | undefined {
  if (!stored) return undefined;
  const value = stored.value?.trim() ?? "";
  const given = stored.sha256?.trim() ?? "";
  if (stored.prehashed || !value || ANY_CASE_HEX.test(value)) {
    const hash = (ANY_CASE_HEX.test(value) ? value : given).toLowerCase();
    if (!hash) return undefined;
    return SHA256_HEX.test(hash) ? { hash } : { error: "pre-hashed value is not a SHA-256 hex digest" };
  }
  const normal = canonical(value);
  if (!normal) return { error: "empty after normalization" };
  // Same string as ingest hashed: reuse its digest rather than hashing a million values again.
  if (normal === value && SHA256_HEX.test(given)) return { hash: given };
  return { hash: sha256Hex(normal) };
}

export const emailOf = (item: AudienceItem): Stored | undefined =>
  item.email ? { value: item.email.normalized, sha256: item.email.sha256, prehashed: item.email.prehashed } : undefined;

export const phoneOf = (item: AudienceItem): Stored | undefined =>
  item.phone ? { value: item.phone.e164, sha256: item.phone.sha256, prehashed: item.phone.prehashed } : undefined;

export const invalidItem = (key: string, message: string, code = "invalid_identifier"): ItemResult => ({
  key,
  status: "invalid",
  code,
  message,
});

/** Results in the engine's order: one per item, whatever order they were decided in. */
export function inOrder(items: AudienceItem[], results: Map<string, ItemResult>): ItemResult[] {
  return items.map((i) => results.get(i.key) ?? { key: i.key, status: "ok" });
}
