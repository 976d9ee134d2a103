import { z } from "zod";
import type { AudienceItem, ItemResult } from "@/lib/connectors/contract";
import { invalidItem } from "@/lib/connectors/identifiers";
import { tiktokEmailHash, tiktokPhoneHash, type TiktokHashOptions } from "@/lib/connectors/tiktok/hashing";

// TikTok API for Business audience wire shapes (reference §3): the Segment API (streaming
// add/delete) that Segment and RudderStack use.

export const TIKTOK_API_BASE = "https://business-api.tiktok.com/open_api/v1.3";
/**
 * TikTok limits a /segment/mapping/ call in ids (each {"id", "audience_ids"} cell; a {}
 * placeholder carries none), not in people: a person with an email and a phone is two ids.
 * 10,000 is the only figure on record (reference §3.5, [belief]; no primary source: TikTok's
 * API portal page, business-api.tiktok.com/portal/docs?id=1739940504185857, is not readable
 * offline, checked 2026-12-01). Counting ids is the conservative reading: it never sends more
 * than 10,000 people either.
 */
export const TIKTOK_MAX_IDS = 10_000;
/** People (batch_data rows) per call; never more than the ids, since every row has at least one. */
export const TIKTOK_MAX_ROWS = 10_000;

const COLUMNS = ["EMAIL_SHA256", "PHONE_SHA256"] as const;
export type IdSchema = (typeof COLUMNS)[number];
export type Cell = { id: string; audience_ids: string[] } | Record<string, never>;

export type BuiltBatch = {
  idSchema: IdSchema[];
  batchData: Cell[][];
  /** ids[i]: how many ids row i carries (what TikTok counts). */
  ids: number[];
  keys: string[];
  invalid: ItemResult[];
};

/**
 * batch_data is a list of users, each a list aligned positionally with id_schema; a missing
 * identifier is an empty object {} so positions stay aligned (§3.1).
 */
export function buildBatch(items: AudienceItem[], audienceId: string, o: TiktokHashOptions): BuiltBatch {
  const hashed: [string, string][] = [];
  const keys: string[] = [];
  const invalid: ItemResult[] = [];
  const used = [false, false];
  for (const item of items) {
    const email = tiktokEmailHash(item, o);
    const phone = tiktokPhoneHash(item, o);
    const e = email && "hash" in email ? email.hash : "";
    const p = phone && "hash" in phone ? phone.hash : "";
    if (!e && !p) {
      const why = [
        email && "error" in email ? `email ${email.error}` : null,
        phone && "error" in phone ? `phone ${phone.error}` : null,
      ].filter(Boolean);
      invalid.push(invalidItem(item.key, why.length ? why.join("; ") : "no email or phone", "no_identifier"));
      continue;
    }
    if (e) used[0] = true;
    if (p) used[1] = true;
    hashed.push([e, p]);
    keys.push(item.key);
  }
  const cols = [0, 1].filter((i) => used[i]);
  const audienceIds = [audienceId];
  return {
    idSchema: cols.map((i) => COLUMNS[i]!),
    batchData: hashed.map((row) => cols.map((i): Cell => (row[i] ? { id: row[i]!, audience_ids: audienceIds } : {}))),
    ids: hashed.map((row) => row.filter(Boolean).length),
    keys,
    invalid,
  };
}

/** Every answer: {code, message, request_id, data}; success is code 0 (§3.4). */
export const envelopeSchema = z.object({
  code: z.coerce.number(),
  message: z.string().default(""),
  request_id: z.string().optional(),
  data: z.unknown().optional(),
});

export const createdSchema = z.object({ audience_id: z.coerce.string() });

const audienceSchema = z
  .object({
    audience_id: z.coerce.string(),
    name: z.string().optional(),
    cover_num: z.coerce.number().optional(),
    is_valid: z.boolean().optional(),
  })
  .passthrough();

export const listSchema = z.object({
  page_info: z.object({ page: z.coerce.number(), total_page: z.coerce.number() }).partial().optional(),
  list: z.array(audienceSchema).default([]),
});

export const detailsSchema = z.object({ list: z.array(z.object({ audience_details: audienceSchema }).passthrough()).default([]) });

export const userInfoSchema = z.object({ display_name: z.string().optional(), email: z.string().optional() }).passthrough();
