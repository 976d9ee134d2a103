import { z } from "zod";
import { baseConfigSchema, type Fault } from "@/lib/sandbox/config";
import { json, randomRequestId } from "@/lib/sandbox/request";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";

// TikTok emulator switches and the {code, message, request_id, data} envelope (reference §3.4).
// Most TikTok error codes are [belief] in the reference, hence configurable here.

export const tiktokEmulatorConfigSchema = baseConfigSchema.extend({
  /** Rows per /segment/mapping/ call; unconfirmed, default 10,000 rejected above with 40001 (§3.5). */
  maxRows: z.number().int().min(1).default(10_000),
  /** Ids (non-empty cells) per /segment/mapping/ call, TikTok's unit for the same 10,000 [belief]. */
  maxIds: z.number().int().min(1).default(10_000),
  /**
   * TikTok's own user base, as raw emails and phones. When set, an uploaded hash matches only if
   * it is the SHA-256 of one of these written as TikTok documents (lib/connectors/tiktok/hashing.ts):
   * email with spaces removed and lowercased, nothing else, so the hash of "jane@example.com"
   * never matches the user "jane+promo@example.com"; phone as E.164 with or without the "+".
   * matchRate is then ignored. null: matching by matchRate, as the other emulators do.
   */
  users: z
    .object({ emails: z.array(z.string()).default([]), phones: z.array(z.string()).default([]) })
    .nullable()
    .default(null),
  /** The valid tokens (strict by default: the sandbox token only). null accepts any non-empty raw token. */
  acceptedTokens: z.array(z.string()).nullable().default([SANDBOX_CREDENTIALS.tiktok.accessToken]),
  revokedTokens: z.array(z.string()).default([]),
  /** Advertisers the token cannot reach: 40002. */
  deniedAdvertisers: z.array(z.string()).default([]),
  /** Advertisers that have not accepted the Custom Audience terms: 40002 with a terms message. */
  termsNotAcceptedAdvertisers: z.array(z.string()).default([]),
  /** Audiences below this many matched users are not valid for targeting (§3.5: 1,000). */
  minimumTargetable: z.number().int().min(0).default(1000),
});
export type TiktokEmulatorConfig = z.output<typeof tiktokEmulatorConfigSchema>;

/** HTTP 200 with the envelope, whatever happened: success is code 0 (§3.4). */
export const envelope = (code: number, message: string, data: unknown = {}, status = 200, headers: Record<string, string> = {}) =>
  json(
    {
      code,
      message,
      request_id: `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}${randomRequestId().slice(0, 12).toUpperCase()}`,
      data,
    },
    status,
    headers,
  );

export const ok = (data: unknown = {}) => envelope(0, "OK", data);
export const paramError = (message: string) => envelope(40001, message);

/** An injected fault in TikTok's words; with no code it is the QPS limit, 40100. */
export function tiktokFaultResponse(f: Fault): Response {
  const code = typeof f.code === "number" ? f.code : 40100;
  const message =
    f.message ??
    (code === 40100
      ? "Too many requests. Please retry in some time."
      : code >= 50000
        ? "System error, please try again later."
        : `Sandbox fault ${code}`);
  return envelope(
    code,
    message,
    {},
    f.status ?? 200,
    f.retryAfterSeconds !== undefined ? { "retry-after": String(f.retryAfterSeconds) } : {},
  );
}

/** Access-Token header, raw: a "Bearer …" value is refused with 40105 (§3.1, §7.3). */
export function checkToken(headers: Headers, config: TiktokEmulatorConfig): Response | undefined {
  const token = headers.get("access-token")?.trim();
  if (!token) return envelope(40104, "Access token is null, please check your Access-Token header.");
  if (/^bearer\s/i.test(token))
    return envelope(40105, 'The access token is invalid or has been revoked. (Send the raw token without "Bearer".)');
  if ((config.acceptedTokens && !config.acceptedTokens.includes(token)) || config.revokedTokens.includes(token)) {
    return envelope(40105, "The access token is invalid or has been revoked.");
  }
  return undefined;
}

/** Advertiser-level gates: access (40002) and the Custom Audience terms [belief: code and wording]. */
export function checkAdvertiser(advertiserId: string, config: TiktokEmulatorConfig): Response | undefined {
  if (!/^\d+$/.test(advertiserId)) return paramError(`advertiser_id: ${advertiserId} is not a valid advertiser id.`);
  if (config.deniedAdvertisers.includes(advertiserId))
    return envelope(40002, `No permission to operate advertiser ${advertiserId}. Please ask the advertiser to authorize your app.`);
  if (config.termsNotAcceptedAdvertisers.includes(advertiserId))
    return envelope(40002, `Advertiser ${advertiserId} has not accepted the Custom Audience Terms of Service.`);
  return undefined;
}
