import { ConnectorError, retryAfterMs, type AuthReason } from "@/lib/connectors/errors";
import { httpStatusError, type PlatformResponse } from "@/lib/connectors/http";
import { statusSchema, type RpcStatus } from "@/lib/connectors/google-data-manager/wire";

// Data Manager API errors: the standard google.rpc.Status with ErrorInfo (reason from the
// ErrorReason enum, domain datamanager.googleapis.com), BadRequest field violations and
// RequestInfo (https://developers.google.com/data-manager/api/devguides/concepts/understand-errors;
// reasons: https://developers.google.com/data-manager/api/reference/rest/v1/ErrorReason).
// The API fails fast: one bad record fails the whole request, and nothing in it is processed.

export const PLATFORM = "Google Data Manager API";

export type Violation = { field: string; description: string; reason?: string; memberIndex?: number };

export function parseStatus(res: PlatformResponse): RpcStatus | undefined {
  const parsed = statusSchema.safeParse(res.body);
  return parsed.success ? parsed.data.error : undefined;
}

/** Field violations, with the audience member each names ("audience_members[3].user_data…"). */
export function violationsOf(status: RpcStatus): Violation[] {
  return status.details.flatMap((d) =>
    (d.fieldViolations ?? []).map((v) => {
      const m = /^audience_?[mM]embers\[(\d+)\]/.exec(v.field);
      return { ...v, memberIndex: m ? Number(m[1]) : undefined };
    }),
  );
}

const reasonOf = (s: RpcStatus) => s.details.find((d) => d.reason)?.reason;
/** RequestInfo.requestId of a failed call, to quote to Google support. */
export const requestIdOf = (s: RpcStatus) => s.details.find((d) => d.requestId)?.requestId;

function durationMs(status: RpcStatus): number | undefined {
  const delay = status.details.map((d) => (d as { retryDelay?: unknown }).retryDelay).find((v) => typeof v === "string") as
    string | undefined;
  const m = delay ? /^(\d+(?:\.\d+)?)s$/.exec(delay) : null;
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

// What to do about each reason, for the person reading the destination page.
const HINTS: Record<string, string> = {
  TERMS_AND_CONDITIONS_NOT_SIGNED:
    "Accept Google's Customer Match terms for this account (Google Ads → Audience manager), then turn on the Customer Match terms setting.",
  INVALID_USER_LIST_ID:
    "The Audience ID is not a Customer Match list of this account. Pick an existing list, or clear it so Downstream creates one.",
  INVALID_USER_LIST_TYPE: "That list is not a customer list (contact info). Use a Customer Match list that takes emails and phones.",
  INVALID_DESTINATION:
    "Check the Operating account type and the Customer ID: the account type must be the type of the account that id belongs to.",
  PERMISSION_DENIED:
    "The Google user who authorized Downstream cannot reach this account. When it is managed, set the manager's id as the Login customer ID.",
  REQUIRED_FIELD_MISSING: "A setting Google requires is missing; the message names it.",
  DATA_PARTNER_USER_LIST_MUTATE_NOT_ALLOWED:
    "The data partner account has no access to this advertiser's list; link the accounts in Google Ads first.",
  TOO_MANY_AUDIENCE_MEMBERS: "Batches go above Google's 10,000 audience members per request; lower the batch size.",
};
const consentHint =
  "Set Ad user data consent and Ad personalization consent in the destination settings: Google needs both for Customer Match uploads.";

export function dataManagerError(res: PlatformResponse): ConnectorError {
  const status = parseStatus(res);
  if (!status) return httpStatusError(PLATFORM, res);
  const violations = violationsOf(status);
  const first = violations.find((v) => v.memberIndex === undefined) ?? violations[0];
  const reason = first?.reason ?? reasonOf(status) ?? status.status ?? String(status.code);
  const text = first?.description || status.message;
  const message = `${PLATFORM}: ${reason}: ${text}`;
  const consent = /consent/i.test(first?.field ?? "") || /consent/i.test(text);
  const hint = consent ? consentHint : (HINTS[reason] ?? (status.status ? HINTS[status.status] : undefined));
  const details = {
    status: res.status,
    platformCode: reason,
    body: res.body,
    ...(hint ? { hint } : {}),
  };
  const auth = (authReason: AuthReason) => new ConnectorError("auth", message, { ...details, authReason });
  if (reason === "TERMS_AND_CONDITIONS_NOT_SIGNED") return auth("terms");
  if (
    ["RESOURCE_EXHAUSTED", "UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED", "ABORTED"].includes(status.status ?? "") ||
    res.status === 429 ||
    res.status >= 500
  ) {
    return new ConnectorError("retryable", message, {
      ...details,
      retryAfterMs: durationMs(status) ?? retryAfterMs(res.headers.get("retry-after")),
    });
  }
  if (status.status === "UNAUTHENTICATED" || res.status === 401) return auth("credentials");
  if (status.status === "PERMISSION_DENIED" || res.status === 403) return auth("permission");
  // A wrong account type, a list that does not exist, missing consent: no retry fixes these.
  return new ConnectorError("permanent", message, details);
}
