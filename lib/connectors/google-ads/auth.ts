import { sha256Hex } from "@/lib/crypto";
import { callPlatform, parseBody } from "@/lib/connectors/http";
import { oauthError } from "@/lib/connectors/google-ads/errors";
import { tokenResponseSchema } from "@/lib/connectors/google-ads/wire";

// OAuth2 refresh-token exchange (reference §2.4: form fields refresh_token, client_id,
// client_secret, grant_type=refresh_token). Access tokens live about an hour; they are cached
// per process and refreshed a minute before they expire, or at once when Google says UNAUTHENTICATED.

type Transport = { fetch: typeof fetch; signal?: AbortSignal };
export type OAuthClient = {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  timeoutMs?: number;
  addressField?: string;
};

const cache = new Map<string, { token: string; expiresAt: number }>();
// Keyed by every credential, so corrected (or broken) credentials never ride on an old token.
const keyOf = (c: OAuthClient) => sha256Hex(`${c.tokenUrl}|${c.clientId}|${c.clientSecret}|${c.refreshToken}`);

export async function accessToken(ctx: Transport, client: OAuthClient): Promise<string> {
  const key = keyOf(client);
  const cached = cache.get(key);
  if (cached && cached.expiresAt - 60_000 > Date.now()) return cached.token;
  const res = await callPlatform(ctx, "Google OAuth", {
    method: "POST",
    url: client.tokenUrl,
    form: {
      grant_type: "refresh_token",
      refresh_token: client.refreshToken,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    },
    timeoutMs: client.timeoutMs,
    addressField: client.addressField,
  });
  if (!res.ok) throw oauthError(res);
  const body = parseBody("Google OAuth", tokenResponseSchema, res, "the token");
  cache.set(key, { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 });
  return body.access_token;
}

export function forgetAccessToken(client: OAuthClient): void {
  cache.delete(keyOf(client));
}
