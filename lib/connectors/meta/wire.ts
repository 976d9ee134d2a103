import { z } from "zod";
import type { AudienceItem, ItemResult } from "@/lib/connectors/contract";
import { invalidItem } from "@/lib/connectors/identifiers";
import { metaEmailHash, metaExternId, metaPhoneHash } from "@/lib/connectors/meta/hashing";

// Meta Custom Audiences wire shapes (reference §1). Requests are built here; every response is
// parsed with one of these schemas.

export const META_API_BASE = "https://graph.facebook.com/v24.0"; // Segment and RudderStack pin v24.0 (§1.1)
export const META_MAX_ROWS = 10_000; // rows per /users call (§1.4)

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
