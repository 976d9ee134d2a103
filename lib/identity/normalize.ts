import type { CountryCode } from "libphonenumber-js/max";
import { parsePhoneNumberFromString, validatePhoneNumberLength } from "libphonenumber-js/max";
import { sha256Hex } from "@/lib/crypto";

// Identifier normalization: the one place raw emails and phones become the canonical
// values we store and hash. Ad platforms match on SHA-256 of a normalized value, and
// hashing an un-normalized value silently kills match rates, so everything that hashes
// an identifier goes through here. Pure: no database, no environment.
//
// These are the platform-neutral forms (trimmed lowercase email; E.164 phone with "+").
// Platform-specific variants (e.g. digits-only phones) are derived from these later.

export type EmailResult = {
  raw: string | null;
  /** Trimmed, lowercased address; null when missing, invalid or pre-hashed. */
  normalized: string | null;
  /** SHA-256 hex of `normalized`, or the lowercased input when it was already a hash. */
  sha256: string | null;
  /** True when the input was itself a SHA-256 hex digest (we cannot see the address). */
  prehashed?: true;
  /** Why the value is unusable: "missing", "no @", "invalid domain", ... */
  error?: string;
};

export type PhoneResult = {
  raw: string | null;
  /** E.164 ("+14155550134"); null unless the number is valid for its country. */
  e164: string | null;
  /** Usable for matching: a valid number, or a pre-hashed value we must trust. */
  valid: boolean;
  sha256: string | null;
  prehashed?: true;
  /** Human-readable reason, e.g. "too short for US", "not a number". */
  error?: string;
};

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** A 64-character hex string: almost certainly a value someone already hashed. */
export function isSha256Hex(value: string | null | undefined): boolean {
  return typeof value === "string" && SHA256_HEX.test(value.trim());
}

// Deliberately permissive: we reject only what cannot be an address, because a false
// rejection loses a real person while a false accept merely fails to match.
const LOCAL_PART = /^[^\s@"(),:;<>[\\\]]+$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]+(?<!-)$/;

function emailProblem(value: string): string | undefined {
  if (/\s/.test(value)) return "contains whitespace";
  const at = value.lastIndexOf("@");
  if (at === -1) return "no @";
  if (value.indexOf("@") !== at) return "more than one @";
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!local) return "empty local part";
  if (local.length > 64 || value.length > 254) return "too long";
  if (!LOCAL_PART.test(local) || local.startsWith(".") || local.endsWith(".") || local.includes("..")) {
    return "invalid local part";
  }
  if (!domain) return "empty domain";
  const labels = domain.split(".");
  if (labels.length < 2) return "domain has no dot";
  // Internationalized domains arrive as Unicode; accept any non-ASCII label as-is.
  if (labels.some((l) => !l || (!DOMAIN_LABEL.test(l) && /^[\x00-\x7f]*$/.test(l)))) return "invalid domain";
  return undefined;
}

export function normalizeEmail(raw: string | null | undefined): EmailResult {
  const input = raw ?? null;
  const trimmed = input?.trim() ?? "";
  if (!trimmed) return { raw: input, normalized: null, sha256: null, error: "missing" };
  if (isSha256Hex(trimmed)) return { raw: input, normalized: null, sha256: trimmed.toLowerCase(), prehashed: true };
  const value = trimmed.toLowerCase();
  const error = emailProblem(value);
  if (error) return { raw: input, normalized: null, sha256: null, error };
  return { raw: input, normalized: value, sha256: sha256Hex(value) };
}

const LENGTH_REASON: Record<string, string> = {
  TOO_SHORT: "too short",
  TOO_LONG: "too long",
  INVALID_LENGTH: "wrong length",
  INVALID_COUNTRY: "unknown country code",
  NOT_A_NUMBER: "not a number",
};

/**
 * `defaultCountry` (ISO 3166 alpha-2) is used only for numbers written without a
 * "+<country code>" prefix, e.g. "(415) 555-0134" with "US".
 */
export function normalizePhone(raw: string | null | undefined, defaultCountry: string = "US"): PhoneResult {
  const input = raw ?? null;
  const trimmed = input?.trim() ?? "";
  const fail = (error: string): PhoneResult => ({ raw: input, e164: null, valid: false, sha256: null, error });
  if (!trimmed) return fail("missing");
  if (isSha256Hex(trimmed)) return { raw: input, e164: null, valid: true, sha256: trimmed.toLowerCase(), prehashed: true };
  // Letters are allowed only as an extension marker ("x12", "ext. 12"); vanity numbers
  // ("1-800-FLOWERS") are not identifiers people type into a checkout form.
  if (!/\d/.test(trimmed) || /[a-wyz]/i.test(trimmed.replace(/\b(?:ext|x)\.?\s*\d+$/i, ""))) return fail("not a number");

  const country = defaultCountry.toUpperCase() as CountryCode;
  const parsed = parsePhoneNumberFromString(trimmed, country);
  // Where the number claims to be from, for the error message: its own +code, else the default.
  const where = parsed?.country ?? (trimmed.startsWith("+") && parsed ? `+${parsed.countryCallingCode}` : country);
  if (!parsed) {
    const reason = validatePhoneNumberLength(trimmed, country);
    return fail(reason ? `${LENGTH_REASON[reason] ?? "invalid"} for ${where}` : "not a number");
  }
  if (!parsed.isValid()) {
    const reason = validatePhoneNumberLength(trimmed, country);
    return fail(`${reason ? (LENGTH_REASON[reason] ?? "invalid") : "not a valid number"} for ${where}`);
  }
  return { raw: input, e164: parsed.number, valid: true, sha256: sha256Hex(parsed.number) };
}

/** External ids are opaque: trim, and treat empty as absent. Never lowercased. */
export function normalizeExternalId(raw: string | number | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const value = String(raw).trim();
  return value ? value : null;
}
