import { z } from "zod";
import { connectionFailure } from "@/lib/connectors/connection-test";
import type { AudienceItem, BatchResult, Connector, ConnectorContext, ItemResult } from "@/lib/connectors/contract";
import { isConnectorError } from "@/lib/connectors/errors";
import { fieldLabel } from "@/lib/connectors/field-label";
import { chunkByWeight } from "@/lib/connectors/chunk-by-weight";
import { callPlatform, joinUrl, parseBody } from "@/lib/connectors/http";
import { inOrder } from "@/lib/connectors/identifiers";
import { tiktokError } from "@/lib/connectors/tiktok/errors";
import {
  buildBatch,
  createdSchema,
  detailsSchema,
  envelopeSchema,
  listSchema,
  TIKTOK_API_BASE,
  TIKTOK_MAX_IDS,
  TIKTOK_MAX_ROWS,
  userInfoSchema,
} from "@/lib/connectors/tiktok/wire";

// TikTok custom audiences over the API for Business (Segment API). Wire format: reference §3.

export const tiktokSettingsSchema = z.object({
  advertiserId: z.string().trim().regex(/^\d+$/, "Advertiser id is digits"),
  /** Base URL including /open_api/v1.3; point it at the emulator in tests and the demo. */
  apiBaseUrl: z.string().url().default(TIKTOK_API_BASE),
  /** TikTok recommends E.164 with "+" and also accepts digits only (hashing.ts cites the page). */
  phoneFormat: z.enum(["e164", "digits"]).default("e164").meta({
    title: "Phone format",
    description:
      "How phone numbers are written before hashing. TikTok recommends international, with + (+16577770000), and also accepts digits only.",
  }),
  /**
   * Extra normalization TikTok does not ask for, off by default. The key is new: the old
   * `stripEmailPlusTag` (default on) is no longer read, so destinations saved with it follow
   * TikTok's documented rule again.
   */
  removeEmailPlusTag: z.boolean().default(false).meta({
    title: "Remove “+tag” from emails",
    description:
      "Off (recommended): emails are sent as TikTok asks. On: “jane+news@example.com” is sent as “jane@example.com”, which may be someone else’s address, so the wrong person can end up in the audience.",
  }),
  timeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
});
export const tiktokCredentialsSchema = z.object({
  /** Long-lived access token from the TikTok for Business app authorization. */
  accessToken: z.string().trim().min(1, "Access token is required"),
});
export type TiktokSettings = z.output<typeof tiktokSettingsSchema>;
export type TiktokCredentials = z.output<typeof tiktokCredentialsSchema>;
type Ctx = ConnectorContext<TiktokSettings, TiktokCredentials>;

async function tiktok<T>(
  ctx: Ctx,
  schema: z.ZodType<T>,
  what: string,
  req: { method: "GET" | "POST"; path: string; query?: Record<string, string>; json?: unknown },
): Promise<T> {
  const res = await callPlatform(ctx, "TikTok", {
    method: req.method,
    url: joinUrl(ctx.settings.apiBaseUrl, req.path, req.query),
    // Raw token, no "Bearer" prefix: adding one is answered with 40105 (§3.1).
    headers: { "access-token": ctx.credentials.accessToken },
    json: req.json,
    timeoutMs: ctx.settings.timeoutMs,
    addressField: fieldLabel(tiktokSettingsSchema, "apiBaseUrl"),
  });
  // Success is a 2xx AND code 0 (Segment checks both, §3.4).
  const envelope = envelopeSchema.safeParse(res.body);
  if (!res.ok || !envelope.success || envelope.data.code !== 0) throw tiktokError(res);
  return parseBody("TikTok", schema, { ...res, body: envelope.data.data ?? {} }, what);
}

const adv = (ctx: Ctx) => ctx.settings.advertiserId;

async function details(ctx: Ctx, audienceId: string) {
  const body = await tiktok(ctx, detailsSchema, "the audience details", {
    method: "GET",
    path: "dmp/custom_audience/get/",
    query: { advertiser_id: adv(ctx), custom_audience_ids: JSON.stringify([audienceId]) },
  });
  return body.list.find((a) => a.audience_details.audience_id === audienceId)?.audience_details;
}

async function findByName(ctx: Ctx, name: string) {
  for (let page = 1; page <= 100; page++) {
    const body = await tiktok(ctx, listSchema, "the audience list", {
      method: "GET",
      path: "dmp/custom_audience/list/",
      query: { advertiser_id: adv(ctx), page: String(page), page_size: "100" },
    });
    const hit = body.list.find((a) => a.name === name);
    if (hit || page >= (body.page_info?.total_page ?? 1)) return hit;
  }
  return undefined;
}

/**
 * POST /segment/mapping/ in calls of ≤10,000 ids (and so ≤10,000 people): TikTok counts ids,
 * not people (wire.ts). TikTok answers per request, not per row (§6.3).
 */
async function mapping(ctx: Ctx, audienceId: string, items: AudienceItem[], action: "add" | "delete"): Promise<BatchResult> {
  const built = buildBatch(items, audienceId, ctx.settings);
  const results = new Map<string, ItemResult>(built.invalid.map((r) => [r.key, r]));
  const chunks = chunkByWeight(built.ids, TIKTOK_MAX_IDS, TIKTOK_MAX_ROWS);
  for (const chunk of chunks) {
    await tiktok(ctx, z.unknown(), "the mapping", {
      method: "POST",
      path: "segment/mapping/",
      json: { advertiser_ids: [adv(ctx)], action, id_schema: built.idSchema, batch_data: built.batchData.slice(chunk.start, chunk.end) },
    });
  }
  const ids = chunks.reduce((n, c) => n + c.weight, 0);
  return {
    items: inOrder(items, results),
    request: { path: "/segment/mapping/", action, id_schema: built.idSchema, rows: built.batchData.length, ids, requests: chunks.length },
    stats: { rows: built.batchData.length, ids, requests: chunks.length },
  };
}

export const tiktokConnector: Connector<TiktokSettings, TiktokCredentials> = {
  kind: "tiktok",
  label: "TikTok custom audiences",
  settingsSchema: tiktokSettingsSchema,
  credentialsSchema: tiktokCredentialsSchema,
  addressSettings: ["apiBaseUrl"],
  maxBatchSize: TIKTOK_MAX_ROWS,
  supportedIdentifiers: ["email", "phone"],
  visibilityDelayHours: 48, // size updates lag 24–48 h (§3.5)
  minimumAudienceSize: 1000, // audiences need 1,000+ matched users to target (§3.5)

  async testConnection(ctx) {
    try {
      const user = await tiktok(ctx, userInfoSchema, "the token owner", { method: "GET", path: "user/info/" });
      // The token can be valid yet not reach this advertiser, or the terms may be unaccepted.
      await tiktok(ctx, listSchema, "the audience list", {
        method: "GET",
        path: "dmp/custom_audience/list/",
        query: { advertiser_id: adv(ctx), page: "1", page_size: "1" },
      });
      return { ok: true, detail: `Connected to advertiser ${adv(ctx)}${user.display_name ? ` as ${user.display_name}` : ""}.` };
    } catch (e) {
      return connectionFailure(
        e,
        `Check the ${fieldLabel(tiktokSettingsSchema, "advertiserId")} and the ${fieldLabel(tiktokCredentialsSchema, "accessToken")}.`,
      );
    }
  },

  async ensureAudience(ctx, audience) {
    if (audience.existingId) {
      try {
        const known = await details(ctx, audience.existingId);
        if (known) return { id: known.audience_id, name: known.name ?? audience.name, created: false };
      } catch (e) {
        if (!isConnectorError(e) || (e.kind !== "payload" && e.kind !== "permanent")) throw e; // unknown id: find or recreate
      }
    }
    const found = await findByName(ctx, audience.name);
    if (found) return { id: found.audience_id, name: audience.name, created: false };
    const created = await tiktok(ctx, createdSchema, "the new audience", {
      method: "POST",
      path: "segment/audience/",
      json: { advertiser_id: adv(ctx), custom_audience_name: audience.name, action: "create" },
    });
    return { id: created.audience_id, name: audience.name, created: true };
  },

  addMembers: (ctx, audienceId, items) => mapping(ctx, audienceId, items, "add"),
  removeMembers: (ctx, audienceId, items) => mapping(ctx, audienceId, items, "delete"),

  async getAudienceStats(ctx, audienceId) {
    const a = await details(ctx, audienceId);
    if (!a) return { size: null, status: "not found", raw: null };
    return { size: a.cover_num ?? null, status: a.is_valid ? "ready" : "calculating", raw: a };
  },
};
