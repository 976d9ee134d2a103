import { ConnectorError, retryAfterMs } from "@/lib/connectors/errors";
import { httpStatusError, type PlatformResponse } from "@/lib/connectors/http";
import { envelopeSchema } from "@/lib/connectors/tiktok/wire";

// TikTok answers HTTP 200 with a non-zero `code` for logical errors (§3.4). Known codes:
// 40105 token incorrect or revoked; 40100 QPS limit; 40001 parameter error; 40002 / 40006
// permission or resource errors; 50000 / 51xxx system errors. All but 40105 are [belief].

/** TikTok sends no Retry-After with 40100 (a per-second QPS limit), so back off a second. */
export const QPS_BACKOFF_MS = 1_000;

export function tiktokError(res: PlatformResponse): ConnectorError {
  const parsed = envelopeSchema.safeParse(res.body);
  if (!parsed.success || (parsed.data.code === 0 && !res.ok)) return httpStatusError("TikTok", res);
  const { code, message: words } = parsed.data;
  const message = `TikTok: ${words || `error ${code}`} (code ${code})`;
  const details = { status: res.status, platformCode: code, body: res.body };
  if (code === 40100 || res.status === 429) {
    return new ConnectorError("retryable", message, {
      ...details,
      retryAfterMs: retryAfterMs(res.headers.get("retry-after")) ?? QPS_BACKOFF_MS,
      hint: "TikTok is rate limiting this app; the sync backs off and retries.",
    });
  }
  if (code >= 50000 || res.status >= 500)
    return new ConnectorError("retryable", message, { ...details, retryAfterMs: retryAfterMs(res.headers.get("retry-after")) });
  if (code === 40104 || code === 40105) {
    return new ConnectorError("auth", message, {
      ...details,
      authReason: "credentials",
      hint: 'The Access token is wrong or revoked. Reconnect TikTok (send the raw token, no "Bearer").',
    });
  }
  if (/terms/i.test(words)) {
    return new ConnectorError("auth", message, {
      ...details,
      authReason: "terms",
      hint: "Accept TikTok's Custom Audience Terms for this advertiser in TikTok Ads Manager, then test again.",
    });
  }
  if (code === 40002) {
    return new ConnectorError("auth", message, {
      ...details,
      authReason: "permission",
      hint: "Grant the app access to this advertiser account (Audience Management scope) in TikTok Business Center.",
    });
  }
  if (code === 40006) return new ConnectorError("permanent", message, details);
  return new ConnectorError("payload", message, details);
}
