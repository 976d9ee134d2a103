import type { z } from "zod";
import { callPlatform, joinUrl, parseBody, type PlatformResponse } from "@/lib/connectors/http";
import { accessToken, forgetAccessToken, type OAuthClient } from "@/lib/connectors/google-ads/auth";
import { fieldLabel } from "@/lib/connectors/field-label";
import { dataManagerError } from "@/lib/connectors/google-data-manager/errors";
import { googleCustomerMatchSettingsSchema, type DataManagerCtx } from "@/lib/connectors/google-data-manager/settings";
import type { ProductAccount } from "@/lib/connectors/google-data-manager/wire";

// Authenticated Data Manager API calls: the same Google OAuth refresh-token exchange as the Ads
// API path (google-ads/auth.ts; the token's client must have the datamanager scope), a Bearer
// token and nothing else: no developer-token header (the API has none).

const oauthClient = (ctx: DataManagerCtx): OAuthClient => ({
  tokenUrl: ctx.settings.oauthTokenUrl,
  clientId: ctx.credentials.clientId,
  clientSecret: ctx.credentials.clientSecret,
  refreshToken: ctx.credentials.refreshToken,
  timeoutMs: ctx.settings.timeoutMs,
  addressField: fieldLabel(googleCustomerMatchSettingsSchema, "oauthTokenUrl"),
});

export const operatingAccount = (ctx: DataManagerCtx): ProductAccount => ({
  accountType: ctx.settings.operatingAccountType,
  accountId: ctx.settings.customerId,
});

/** The manager account acting for the operating account, when one is set (Destination.login_account). */
export const loginAccount = (ctx: DataManagerCtx): ProductAccount | undefined =>
  ctx.settings.loginCustomerId ? { accountType: "GOOGLE_ADS", accountId: ctx.settings.loginCustomerId } : undefined;

export const accountPath = (a: ProductAccount) => `accountTypes/${a.accountType}/accounts/${a.accountId}`;

type Req = {
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string | undefined>;
  json?: unknown;
  headers?: Record<string, string>;
};

/** One call; non-2xx answers are returned for the caller to read (ingest maps field violations itself). */
export async function dmRaw(ctx: DataManagerCtx, req: Req): Promise<PlatformResponse> {
  for (let attempt = 0; ; attempt++) {
    const token = await accessToken(ctx, oauthClient(ctx));
    const res = await callPlatform(ctx, "Google Data Manager API", {
      method: req.method,
      url: joinUrl(ctx.settings.dataManagerBaseUrl, req.path, req.query),
      headers: { authorization: `Bearer ${token}`, ...req.headers },
      json: req.json,
      timeoutMs: ctx.settings.timeoutMs,
      addressField: fieldLabel(googleCustomerMatchSettingsSchema, "dataManagerBaseUrl"),
    });
    // A cached token Google no longer accepts: forget it and try once more with a fresh one.
    if (res.status === 401 && attempt === 0) {
      forgetAccessToken(oauthClient(ctx));
      continue;
    }
    return res;
  }
}

export async function dm<T>(ctx: DataManagerCtx, schema: z.ZodType<T>, what: string, req: Req): Promise<T> {
  const res = await dmRaw(ctx, req);
  if (!res.ok) throw dataManagerError(res);
  return parseBody("Google Data Manager API", schema, res, what);
}

/** UserListService headers: `login-account` names the manager acting for the account (user_list_service.proto). */
export const userListHeaders = (ctx: DataManagerCtx): Record<string, string> => {
  const login = loginAccount(ctx);
  return login ? { "login-account": accountPath(login) } : {};
};
