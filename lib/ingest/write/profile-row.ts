import { normalizeEmail, normalizePhone, type EmailResult, type PhoneResult } from "@/lib/identity/normalize";
import type { IngestMessage } from "@/lib/ingest/message";

// One person's changes in a batch, folded from all of that person's messages in order (later
// values win; attributes merge key by key), in the column layout the SQL reads with
// json_to_recordset. Identifiers are normalized here, at write time, with the workspace's
// default country; raw values are kept beside them.

export type ProfileRow = {
  external_id?: string;
  id?: string;
  email_raw: string | null;
  email: string | null;
  email_sha256: string | null;
  email_error: string | null;
  phone_raw: string | null;
  phone: string | null;
  phone_sha256: string | null;
  phone_valid: boolean | null;
  phone_error: string | null;
  attributes: Record<string, unknown>;
  first_seen_at: string;
  last_seen_at: string;
};

// Normalizing is the costliest step per identify (libphonenumber's parse, a SHA-256 each), and
// people send the same email and phone on call after call, so results are memoized. They depend
// only on the raw value (and the default country for phones); each cache is bounded and simply
// starts over when full. Callers only read the results.
const MEMO_MAX = 10_000;

/** `compute` memoized in a Map that starts over when it holds MEMO_MAX results. */
function boundedMemo<V>(compute: (raw: string) => V): (raw: string) => V {
  const results = new Map<string, V>();
  return (raw) => {
    let v = results.get(raw);
    if (v === undefined) {
      if (results.size >= MEMO_MAX) results.clear();
      results.set(raw, (v = compute(raw)));
    }
    return v;
  };
}

const memoEmail = boundedMemo<EmailResult>((raw) => normalizeEmail(raw));
const phonesByCountry = new Map<string, (raw: string) => PhoneResult>();

function memoPhone(raw: string, country: string): PhoneResult {
  let phone = phonesByCountry.get(country);
  if (!phone) phonesByCountry.set(country, (phone = boundedMemo((r) => normalizePhone(r, country))));
  return phone(raw);
}

const provided = (v: string | null | undefined): v is string => typeof v === "string" && v.trim() !== "";

export function emptyRow(at: Date): ProfileRow {
  const iso = at.toISOString();
  return {
    email_raw: null,
    email: null,
    email_sha256: null,
    email_error: null,
    phone_raw: null,
    phone: null,
    phone_sha256: null,
    phone_valid: null,
    phone_error: null,
    attributes: {},
    first_seen_at: iso,
    last_seen_at: iso,
  };
}

/** Applies one message to a row. `seenAt` is the message time, capped at receipt (clock skew). */
export function foldMessage(row: ProfileRow, m: IngestMessage, seenAt: Date, country: string): ProfileRow {
  if (provided(m.email)) {
    const e = memoEmail(m.email);
    row.email_raw = m.email;
    row.email = e.normalized;
    row.email_sha256 = e.sha256;
    row.email_error = e.error ?? null;
  }
  if (provided(m.phone)) {
    const p = memoPhone(m.phone, country);
    row.phone_raw = m.phone;
    row.phone = p.e164;
    row.phone_sha256 = p.sha256;
    row.phone_valid = p.valid;
    row.phone_error = p.error ?? null;
  }
  if (m.traits) Object.assign(row.attributes, m.traits);
  const iso = seenAt.toISOString();
  if (iso < row.first_seen_at) row.first_seen_at = iso;
  if (iso > row.last_seen_at) row.last_seen_at = iso;
  return row;
}

/** True when the message changes the person beyond "seen at" (traits or identifiers). */
export function carriesIdentity(m: IngestMessage): boolean {
  return provided(m.email) || provided(m.phone) || (m.traits !== undefined && Object.keys(m.traits).length > 0);
}

/** The normalized email a message would key on, when it has a usable one. */
export function normalizedEmailOf(m: IngestMessage): string | null {
  return provided(m.email) ? memoEmail(m.email).normalized : null;
}
