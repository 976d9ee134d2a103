import { z } from "zod";
import { ConnectorError, retryAfterMs } from "@/lib/connectors/errors";
import { httpStatusError, type PlatformResponse } from "@/lib/connectors/http";

// Graph error envelope → ConnectorError kind (reference §1.5 code table; RudderStack's
// facebookUtils/networkHandler.js is the template for what is retryable).

export const graphErrorSchema = z.object({
  error: z.object({
    message: z.string().default(""),
    type: z.string().optional(),
    code: z.coerce.number().optional(),
    error_subcode: z.coerce.number().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

// 4 app limit, 17 user limit, 32 page limit, 613 ad-account calls, 80000–80014 business-use-case
// limits (80003 = custom audiences), 341 application limit, 1/2 temporary downtime, 368 temporary block.
const RETRYABLE = new Set([1, 2, 4, 17, 32, 341, 368, 613]);
const isBucLimit = (code: number) => code >= 80000 && code <= 80014;
// 190 invalid/expired token (subcode 460 password changed, 463 expired), 102 session, 104 no token.
const CREDENTIALS = new Set([102, 104, 190]);
// 10 and 200–299: permission errors (294 = missing ads_management).
const isPermission = (code: number) => code === 10 || (code >= 200 && code <= 299);
// "(#2663) Terms of service has not been accepted. To accept, go to https://www.facebook.com/customaudiences/app/tos/?act=…"
// (2655 in older versions) — observed in the official SDKs' issue trackers.
const TERMS = new Set([2655, 2663]);
// Audience-level dead ends: 2650 update refused, 1487301 not shared, 1487366 deleted, 1713230 flagged (status 471).
const PERMANENT_SUBCODES = new Set([33, 1487301, 1487366, 1713230]);
const PERMANENT_CODES = new Set([2650, 1487301, 1487366]);

const CREDENTIAL_HINTS: Record<number, string> = {
  460: "The token was invalidated by a password change. Generate a new system-user token in Business Settings.",
  463: "The access token has expired. Use a non-expiring system-user token from Business Settings → System users.",
};

/**
 * Business-use-case throttling headers: estimated_time_to_regain_access is in minutes, per
 * business object (reference §1.5). Also honours a plain Retry-After.
 */
export function metaRetryAfterMs(headers: Headers): number | undefined {
  const candidates = [retryAfterMs(headers.get("retry-after"))];
  for (const name of ["x-business-use-case-usage", "x-ad-account-usage"]) {
    const raw = headers.get(name);
    if (!raw) continue;
    try {
      const parsed: unknown = JSON.parse(raw);
      const entries = Object.values(parsed as Record<string, unknown>).flatMap((v) => (Array.isArray(v) ? v : [v]));
      for (const e of entries) {
        const minutes = Number((e as { estimated_time_to_regain_access?: unknown })?.estimated_time_to_regain_access);
        if (Number.isFinite(minutes) && minutes > 0) candidates.push(minutes * 60_000);
      }
    } catch {
      // A malformed usage header is not worth failing a batch over.
    }
  }
  const found = candidates.filter((v): v is number => v !== undefined);
  return found.length ? Math.max(...found) : undefined;
}

/** Highest call_count percentage in the usage headers (throttling starts at 100). */
export function metaUsagePercent(headers: Headers): number | null {
  const raw = headers.get("x-business-use-case-usage");
  if (!raw) return null;
  try {
    const entries = Object.values(JSON.parse(raw) as Record<string, unknown>).flatMap((v) => (Array.isArray(v) ? v : [v]));
    const counts = entries.map((e) => Number((e as { call_count?: unknown })?.call_count)).filter(Number.isFinite);
    return counts.length ? Math.max(...counts) : null;
  } catch {
    return null;
  }
}

export function metaError(res: PlatformResponse): ConnectorError {
  const parsed = graphErrorSchema.safeParse(res.body);
  if (!parsed.success) {
    if (res.status === 414)
      return new ConnectorError("payload", "Meta refused the request as too long (HTTP 414)", {
        status: 414,
        hint: "Send fewer rows per request.",
      });
    return httpStatusError("Meta", res);
  }
  const e = parsed.data.error;
  const code = e.code ?? 0;
  const sub = e.error_subcode;
  // Segment's parseFacebookError: the user-facing title and message first, then Meta's own text.
  const words = [e.error_user_title, e.error_user_msg, e.message].filter(Boolean).join(" — ") || `Meta error ${code}`;
  const message = `Meta: ${words}`;
  const details = { status: res.status, platformCode: sub ? `${code}/${sub}` : code, body: res.body };

  if (RETRYABLE.has(code) || isBucLimit(code)) {
    return new ConnectorError("retryable", message, {
      ...details,
      retryAfterMs: metaRetryAfterMs(res.headers),
      hint: "Meta is throttling this ad account; the sync backs off and retries.",
    });
  }
  if (CREDENTIALS.has(code)) {
    return new ConnectorError("auth", message, {
      ...details,
      authReason: "credentials",
      hint: (sub && CREDENTIAL_HINTS[sub]) || "The Access token is invalid. Paste a valid system-user token with ads_management.",
    });
  }
  if (TERMS.has(code)) {
    return new ConnectorError("auth", message, {
      ...details,
      authReason: "terms",
      hint: "Accept the Custom Audience terms for this ad account (the link is in Meta's message), then test the connection again.",
    });
  }
  if (isPermission(code)) {
    return new ConnectorError("auth", message, {
      ...details,
      authReason: "permission",
      hint: "Give the system user the ads_management permission and assign it to this ad account in Business Settings.",
    });
  }
  if (code === 100 && sub === 1713230) {
    return new ConnectorError("permanent", message, {
      ...details,
      hint: "Meta flagged this audience (operation_status 471); it no longer accepts changes. Create a new audience.",
    });
  }
  if ((sub && PERMANENT_SUBCODES.has(sub)) || PERMANENT_CODES.has(code)) {
    return new ConnectorError("permanent", message, {
      ...details,
      hint: "The audience is missing, deleted, not shared with this ad account, or refused the change.",
    });
  }
  if (res.status >= 500) return new ConnectorError("retryable", message, { ...details, retryAfterMs: metaRetryAfterMs(res.headers) });
  return new ConnectorError("payload", message, details);
}
