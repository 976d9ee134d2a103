import type { z } from "zod";
import { callPlatform, joinUrl, parseBody } from "@/lib/connectors/http";
import { accessToken, forgetAccessToken, type OAuthClient } from "@/lib/connectors/google-ads/auth";
import { googleError } from "@/lib/connectors/google-ads/errors";
import { googleSettingsSchema, type GoogleCtx } from "@/lib/connectors/google-ads/settings";
import { fieldLabel } from "@/lib/connectors/field-label";
import { searchResponseSchema } from "@/lib/connectors/google-ads/wire";

// Authenticated calls to the Google Ads REST API (reference §2.4 headers).

const oauthClient = (ctx: GoogleCtx): OAuthClient => ({
  tokenUrl: ctx.settings.oauthTokenUrl,
  clientId: ctx.credentials.clientId,
  clientSecret: ctx.credentials.clientSecret,
  refreshToken: ctx.credentials.refreshToken,
  timeoutMs: ctx.settings.timeoutMs,
  addressField: fieldLabel(googleSettingsSchema, "oauthTokenUrl"),
});

export async function ads<T>(ctx: GoogleCtx, schema: z.ZodType<T>, what: string, req: { path: string; json?: unknown }): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const token = await accessToken(ctx, oauthClient(ctx));
    const res = await callPlatform(ctx, "Google Ads", {
      method: "POST",
      url: joinUrl(ctx.settings.apiBaseUrl, req.path),
      headers: {
        authorization: `Bearer ${token}`,
        "developer-token": ctx.credentials.developerToken,
        ...(ctx.settings.loginCustomerId ? { "login-customer-id": ctx.settings.loginCustomerId } : {}),
      },
      json: req.json ?? {},
      timeoutMs: ctx.settings.timeoutMs,
      addressField: fieldLabel(googleSettingsSchema, "apiBaseUrl"),
    });
    // A cached token Google no longer accepts: forget it and try once more with a fresh one.
    if (res.status === 401 && attempt === 0) {
      forgetAccessToken(oauthClient(ctx));
      continue;
    }
    if (!res.ok) throw googleError(res);
    return parseBody("Google Ads", schema, res, what);
  }
}

/** GoogleAdsService.Search over REST: POST customers/{cid}/googleAds:search {query} (§2.1). */
export async function search<T>(ctx: GoogleCtx, row: z.ZodType<T>, query: string): Promise<T[]> {
  const body = await ads(ctx, searchResponseSchema(row), "a search", {
    path: `customers/${ctx.settings.customerId}/googleAds:search`,
    json: { query },
  });
  return body.results as T[];
}

export const userListResource = (ctx: GoogleCtx, id: string): string =>
  id.startsWith("customers/") ? id : `customers/${ctx.settings.customerId}/userLists/${id}`;
