import { ConnectorError, retryAfterMs, type AuthReason } from "@/lib/connectors/errors";
import { httpStatusError, type PlatformResponse } from "@/lib/connectors/http";
import { errorEnvelopeSchema, oauthErrorSchema, type GoogleAdsError } from "@/lib/connectors/google-ads/wire";

// google.rpc.Status + GoogleAdsFailure (reference §2.5) → ConnectorError kind.

/** "CUSTOMER_NOT_ACCEPTED_CUSTOMER_DATA_TERMS" from {"offlineUserDataJobError": "…"}. */
export const errorCodeOf = (e: GoogleAdsError): string | undefined => (e.errorCode ? Object.values(e.errorCode)[0] : undefined);
const errorFamilyOf = (e: GoogleAdsError): string | undefined => (e.errorCode ? Object.keys(e.errorCode)[0] : undefined);

/** The operation an error points at: location.fieldPathElements[fieldName=="operations"].index (§2.5). */
export const operationIndexOf = (e: GoogleAdsError): number | undefined =>
  e.location?.fieldPathElements.find((p) => p.fieldName === "operations")?.index;

/** Duration strings like "30s" or "1.5s" (quotaErrorDetails.retryDelay). */
function durationMs(value: string | undefined): number | undefined {
  const m = value ? /^(\d+(?:\.\d+)?)s$/.exec(value) : null;
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

const RETRYABLE_STATUSES = new Set(["RESOURCE_EXHAUSTED", "UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED", "ABORTED"]);
const TERMS_CODES = new Set(["CUSTOMER_NOT_ACCEPTED_CUSTOMER_DATA_TERMS"]);
const PERMANENT_CODES = new Set(["INVALID_USER_LIST_ID", "INVALID_USER_LIST_TYPE", "INCOMPATIBLE_UPLOAD_KEY_TYPE", "CUSTOMER_NOT_FOUND"]);

const HINTS: Record<string, string> = {
  USER_PERMISSION_DENIED:
    "The Google user cannot access this customer. When the account is managed, set the manager's id as the Login customer ID.",
  DEVELOPER_TOKEN_NOT_APPROVED:
    "The developer token only has test access. Apply for Basic or Standard access in the API Center of the manager account.",
  DEVELOPER_TOKEN_INVALID: "Check the Developer token (API Center of the manager account).",
  OAUTH_TOKEN_EXPIRED: "The OAuth access token expired; reconnect the Google account if refreshing keeps failing.",
  CUSTOMER_NOT_ACCEPTED_CUSTOMER_DATA_TERMS:
    "Accept the customer data terms in Google Ads (Tools → Conversions → Settings → Customer data terms), then test again.",
  NOT_ADS_USER: "The Google account that authorized us has no Google Ads access. Reconnect with a user of this account.",
};

export function googleError(res: PlatformResponse): ConnectorError {
  const parsed = errorEnvelopeSchema.safeParse(res.body);
  if (!parsed.success) return httpStatusError("Google Ads", res);
  const status = parsed.data.error;
  const errors = status.details.flatMap((d) => d.errors ?? []);
  const first = errors[0];
  const code = first ? errorCodeOf(first) : undefined;
  const family = first ? errorFamilyOf(first) : undefined;
  const message = `Google Ads: ${status.status ?? status.code}${code ? ` ${family}.${code}` : ""}: ${first?.message ?? status.message}`;
  const hint = code ? HINTS[code] : undefined;
  const details = { status: res.status, platformCode: code ?? status.status ?? status.code, body: res.body, ...(hint ? { hint } : {}) };
  const auth = (authReason: AuthReason) => new ConnectorError("auth", message, { ...details, authReason });

  if (code && TERMS_CODES.has(code)) return auth("terms");
  // DatabaseError.CONCURRENT_MODIFICATION arrives as 400 but is retryable (Segment rewrites it, §2.5).
  if (
    code === "CONCURRENT_MODIFICATION" ||
    family === "quotaError" ||
    RETRYABLE_STATUSES.has(status.status ?? "") ||
    res.status === 429 ||
    res.status >= 500
  ) {
    const delay = durationMs(errors.map((e) => e.details?.quotaErrorDetails?.retryDelay).find(Boolean));
    return new ConnectorError("retryable", message, { ...details, retryAfterMs: delay ?? retryAfterMs(res.headers.get("retry-after")) });
  }
  if (status.status === "UNAUTHENTICATED" || res.status === 401) return auth("credentials");
  if (status.status === "PERMISSION_DENIED" || res.status === 403) return auth("permission");
  if ((code && PERMANENT_CODES.has(code)) || status.status === "NOT_FOUND") return new ConnectorError("permanent", message, details);
  return new ConnectorError("payload", message, details);
}

/** OAuth token endpoint errors: {"error":"invalid_grant","error_description":"Token has been expired or revoked."}. */
export function oauthError(res: PlatformResponse): ConnectorError {
  const parsed = oauthErrorSchema.safeParse(res.body);
  if (!parsed.success || res.status >= 500 || res.status === 429) return httpStatusError("Google OAuth", res);
  const { error, error_description } = parsed.data;
  const message = `Google OAuth: ${error}${error_description ? ` — ${error_description}` : ""}`;
  const hint =
    error === "invalid_client"
      ? "Check the Client ID and Client secret (the Google Cloud OAuth client)."
      : "The Refresh token is not valid. Reconnect the Google account to get a new one.";
  return new ConnectorError("auth", message, { status: res.status, platformCode: error, body: res.body, hint, authReason: "credentials" });
}
