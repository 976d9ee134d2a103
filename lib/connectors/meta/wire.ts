import { z } from "zod";
import type { AudienceItem, ItemResult } from "@/lib/connectors/contract";
import { invalidItem } from "@/lib/connectors/identifiers";
import { metaEmailHash, metaExternId, metaPhoneHash } from "@/lib/connectors/meta/hashing";

// Meta Custom Audiences wire shapes (reference §1). Requests are built here; every response is
// parsed with one of these schemas.

/**
 * Marketing API version, checked 2026-12-01 (NOTES.md): v24.0, which Segment and RudderStack pin
 * (§1.1), expired 2026-11-10; v25.0 expires 2027-02-23; v27.0 (2026-11-04) is the newest
 * (https://developers.facebook.com/documentation/ads-commerce/marketing-api/marketing-api-changelog/versions).
 */
export const META_API_VERSION = "v27.0";
export const META_API_BASE = `https://graph.facebook.com/${META_API_VERSION}`;
/** Oldest Marketing API major version still served on 2026-12-01. */
export const META_OLDEST_LIVE_MAJOR = 25;
/**
 * Meta counts rows (people) per /users call, whatever columns a row has: "each request can take
 * up to 10,000 users" (https://developers.facebook.com/documentation/ads-commerce/marketing-api/audiences/guides/custom-audiences, §1.4).
 */
export const META_MAX_ROWS = 10_000;

/**
 * A saved Graph address on an expired version moves to the current one: Meta refuses calls to an
 * expired Marketing API version, and destinations saved before 2026-11-10 carry v24.0 (the
 * default then). Only graph.facebook.com is rewritten, and only its version, so the host the
 * credentials are bound to never changes; emulators and proxies keep whatever they were given.
 */
export function liveGraphBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const version = /^\/v(\d+)\.\d+\/?$/.exec(parsed.pathname);
  if (parsed.hostname !== "graph.facebook.com" || !version || Number(version[1]) >= META_OLDEST_LIVE_MAJOR) return url;
  return META_API_BASE;
}

export const CUSTOMER_FILE_SOURCES = ["USER_PROVIDED_ONLY", "PARTNER_PROVIDED_ONLY", "BOTH_USER_AND_PARTNER_PROVIDED"] as const;

/** Multi-key columns we send, in this order; a column is included when any row has a value (§1.2). */
export const META_COLUMNS = ["EMAIL", "PHONE", "EXTERN_ID"] as const;
export type MetaColumn = (typeof META_COLUMNS)[number];

export type BuiltRows = {
  schema: MetaColumn[];
  rows: string[][];
  /** keys[i] is the item behind rows[i]. */
  keys: string[];
  /** Items that could not be sent (no usable identifier). */
  invalid: ItemResult[];
};

/**
 * One multi-key row per person: hashed EMAIL and PHONE, raw EXTERN_ID, "" for an empty cell
 * (§1.2). People without any usable identifier are returned as invalid, never sent.
 */
export function buildRows(items: AudienceItem[]): BuiltRows {
  const cells: [string, string, string][] = [];
  const keys: string[] = [];
  const invalid: ItemResult[] = [];
  const used = [false, false, false];
  for (const item of items) {
    const email = metaEmailHash(item);
    const phone = metaPhoneHash(item);
    const extern = metaExternId(item) ?? "";
    const e = email && "hash" in email ? email.hash : "";
    const p = phone && "hash" in phone ? phone.hash : "";
    if (!e && !p && !extern) {
      const why = [
        email && "error" in email ? `email ${email.error}` : null,
        phone && "error" in phone ? `phone ${phone.error}` : null,
      ].filter(Boolean);
      invalid.push(invalidItem(item.key, why.length ? why.join("; ") : "no email, phone or external id", "no_identifier"));
      continue;
    }
    if (e) used[0] = true;
    if (p) used[1] = true;
    if (extern) used[2] = true;
    cells.push([e, p, extern]);
    keys.push(item.key);
  }
  const columns = META_COLUMNS.map((c, i) => (used[i] ? i : -1)).filter((i) => i >= 0);
  return {
    schema: columns.map((i) => META_COLUMNS[i]!),
    rows: cells.map((row) => columns.map((i) => row[i]!)),
    keys,
    invalid,
  };
}

export type MetaSession = { session_id: number; batch_seq: number; last_batch_flag: boolean; estimated_num_total?: number };

// ---- responses ----

export const createdSchema = z.object({ id: z.string() });

export const audienceSummarySchema = z.object({ id: z.string(), name: z.string().optional() });

export const audienceListSchema = z.object({
  data: z.array(audienceSummarySchema),
  paging: z.object({ cursors: z.object({ after: z.string().optional() }).partial().optional(), next: z.string().optional() }).optional(),
});

const statusObject = z.object({ code: z.coerce.number(), description: z.string().optional() }).optional();

export const audienceFieldsSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  approximate_count_lower_bound: z.coerce.number().optional(),
  approximate_count_upper_bound: z.coerce.number().optional(),
  operation_status: statusObject,
  delivery_status: statusObject,
  time_content_updated: z.coerce.number().optional(),
});

export const adAccountSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  account_status: z.coerce.number().optional(),
  // map<string, int>: {"custom_audience_tos": 1} once the Custom Audience terms are accepted [belief].
  tos_accepted: z.record(z.string(), z.coerce.number()).optional(),
});

/** POST/DELETE /users answer (§1.5). invalid_entry_samples maps a bad value to its reason. */
export const usersResponseSchema = z.object({
  audience_id: z.coerce.string(),
  session_id: z.coerce.string().optional(),
  num_received: z.coerce.number(),
  num_invalid_entries: z.coerce.number(),
  // PHP-serialised empties arrive as [] rather than {}.
  invalid_entry_samples: z.union([z.record(z.string(), z.string()), z.array(z.unknown())]).optional(),
});
