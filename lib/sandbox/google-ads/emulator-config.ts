import { z } from "zod";
import { baseConfigSchema, type Fault } from "@/lib/sandbox/config";
import { bearer, json, randomRequestId } from "@/lib/sandbox/request";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";

const SANDBOX = SANDBOX_CREDENTIALS.google_ads;

// Google Ads emulator switches, google.rpc.Status errors (reference §2.5) and the auth gate (§2.4).

export const googleEmulatorConfigSchema = baseConfigSchema.extend({
  /** Identifiers across all operations of one addOperations request (§2.3). */
  maxIdentifiersPerRequest: z.number().int().min(1).default(100_000),
  /** Identifiers in one UserData operation (§2.3). */
  maxIdentifiersPerOperation: z.number().int().min(1).default(20),
  /** How long a job stays RUNNING after :run (real jobs take up to 6+ hours, §2.1). */
  jobDurationSeconds: z.number().min(0).default(0),
  /** When set, jobs finish FAILED with this failure_reason and apply nothing [belief: enum values]. */
  jobFailureReason: z.string().nullable().default(null),
  /** CONFLICTING_OPERATION: one job may not mix creates and removes (enum doc). */
  rejectMixedOperations: z.boolean().default(true),
  /** OAuth clients (id → secret), strict by default (the sandbox client); null accepts any client. */
  oauthClients: z
    .record(z.string(), z.string())
    .nullable()
    .default({ [SANDBOX.clientId]: SANDBOX.clientSecret }),
  /** Refresh tokens issued to the client; any other is invalid_grant. null accepts any. */
  refreshTokens: z.array(z.string()).nullable().default([SANDBOX.refreshToken]),
  /** Refresh tokens answered with invalid_grant ("Token has been expired or revoked."). */
  revokedRefreshTokens: z.array(z.string()).default([]),
  accessTokenTtlSeconds: z.number().int().min(1).default(3600),
  /** The developer-token header is required (§2.4). Newest API versions sunset it [belief]. */
  requireDeveloperToken: z.boolean().default(true),
  /** Valid developer tokens (unapproved ones below count as valid); null accepts any. */
  developerTokens: z.array(z.string()).nullable().default([SANDBOX.developerToken]),
  /** Developer tokens with test-only access: DEVELOPER_TOKEN_NOT_APPROVED. */
  unapprovedDeveloperTokens: z.array(z.string()).default([]),
  /** Client customer id → manager id: calls must send that login-customer-id (§7.2). */
  managedCustomers: z.record(z.string(), z.string()).default({}),
  /** Customers the OAuth user cannot access at all: USER_PERMISSION_DENIED. */
  deniedCustomers: z.array(z.string()).default([]),
  /** Customers that have not accepted the customer data terms. */
  termsNotAcceptedCustomers: z.array(z.string()).default([]),
});
export type GoogleEmulatorConfig = z.output<typeof googleEmulatorConfigSchema>;

// gRPC status → HTTP status, as in Segment's STATUS_CODE_MAPPING (§2.5).
const GRPC: Record<string, { code: number; http: number }> = {
  INVALID_ARGUMENT: { code: 3, http: 400 },
  DEADLINE_EXCEEDED: { code: 4, http: 504 },
  NOT_FOUND: { code: 5, http: 404 },
  PERMISSION_DENIED: { code: 7, http: 403 },
  RESOURCE_EXHAUSTED: { code: 8, http: 429 },
  FAILED_PRECONDITION: { code: 9, http: 400 },
  INTERNAL: { code: 13, http: 500 },
  UNAVAILABLE: { code: 14, http: 503 },
  UNAUTHENTICATED: { code: 16, http: 401 },
};

export type AdsError = {
  /** {"offlineUserDataJobError": "INVALID_SHA256_FORMAT"} */
  errorCode: Record<string, string>;
  message: string;
  trigger?: { stringValue: string };
  location?: { fieldPathElements: { fieldName: string; index?: number }[] };
  details?: Record<string, unknown>;
};

/** A google.rpc.Status carrying a GoogleAdsFailure, as the REST API returns it. */
export function adsStatus(version: string, status: keyof typeof GRPC, errors: AdsError[], message?: string) {
  const requestId = randomRequestId();
  return {
    code: GRPC[status]!.code,
    message: message ?? (status === "INVALID_ARGUMENT" ? "Request contains an invalid argument." : (errors[0]?.message ?? status)),
    status,
    details: [{ "@type": `type.googleapis.com/google.ads.googleads.${version}.errors.GoogleAdsFailure`, errors, requestId }],
    requestId,
  };
}

export function adsError(version: string, status: keyof typeof GRPC, errors: AdsError[], message?: string, httpStatus?: number): Response {
  const { requestId, ...body } = adsStatus(version, status, errors, message);
  return json({ error: { ...body, code: httpStatus ?? GRPC[status]!.http } }, httpStatus ?? GRPC[status]!.http, {
    "request-id": requestId,
  });
}

/** An injected fault in Google's words; with no code it is a quota RESOURCE_EXHAUSTED. */
export function googleFaultResponse(version: string, f: Fault): Response {
  const code = typeof f.code === "string" ? f.code : "RESOURCE_EXHAUSTED";
  const retryDelay = `${f.retryAfterSeconds ?? 30}s`;
  if (code === "CONCURRENT_MODIFICATION") {
    return adsError(
      version,
      "INVALID_ARGUMENT",
      [
        {
          errorCode: { databaseError: code },
          message: f.message ?? "Multiple requests were attempting to modify the same resource at once. Retry the request.",
        },
      ],
      undefined,
      f.status,
    );
  }
  if (code === "RESOURCE_EXHAUSTED") {
    return adsError(
      version,
      "RESOURCE_EXHAUSTED",
      [
        {
          errorCode: { quotaError: "RESOURCE_EXHAUSTED" },
          message: f.message ?? `Too many requests. Retry in ${retryDelay}.`,
          details: { quotaErrorDetails: { rateScope: "DEVELOPER", rateName: "Number of operations for basic access", retryDelay } },
        },
      ],
      undefined,
      f.status,
    );
  }
  const status = (code in GRPC ? code : "INTERNAL") as keyof typeof GRPC;
  return adsError(
    version,
    status,
    [
      {
        errorCode: { internalError: "TRANSIENT_ERROR" },
        message: f.message ?? "The request failed due to a transient error. Retry the request.",
      },
    ],
    f.message,
    f.status,
  );
}

// Access tokens are self-describing ("ya29.sandbox.<base64url {exp}>"): no table, still expiring.
export const issueAccessToken = (ttlSeconds: number) =>
  `ya29.sandbox.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + ttlSeconds })).toString("base64url")}`;

function tokenProblem(token: string | undefined): "OAUTH_TOKEN_HEADER_INVALID" | "OAUTH_TOKEN_INVALID" | "OAUTH_TOKEN_EXPIRED" | undefined {
  if (!token) return "OAUTH_TOKEN_HEADER_INVALID";
  const m = /^ya29\.sandbox\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!m) return "OAUTH_TOKEN_INVALID";
  try {
    const { exp } = JSON.parse(Buffer.from(m[1]!, "base64url").toString()) as { exp: number };
    return exp > Date.now() / 1000 ? undefined : "OAUTH_TOKEN_EXPIRED";
  } catch {
    return "OAUTH_TOKEN_INVALID";
  }
}

/** Bearer token, developer-token and login-customer-id checks for customers/{cid}/… calls. */
export function checkAuth(version: string, headers: Headers, customerId: string, config: GoogleEmulatorConfig): Response | undefined {
  const tokenIssue = tokenProblem(bearer(headers));
  if (tokenIssue) {
    return adsError(
      version,
      "UNAUTHENTICATED",
      [
        {
          errorCode: { authenticationError: tokenIssue },
          message:
            tokenIssue === "OAUTH_TOKEN_EXPIRED" ? "OAuth token in the header has expired." : "OAuth token in the header is not valid.",
        },
      ],
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
    );
  }
  const devToken = headers.get("developer-token");
  if (config.requireDeveloperToken && !devToken) {
    return adsError(version, "UNAUTHENTICATED", [
      { errorCode: { authenticationError: "DEVELOPER_TOKEN_INVALID" }, message: "The developer token is not valid." },
    ]);
  }
  if (
    devToken &&
    config.developerTokens &&
    !config.developerTokens.includes(devToken) &&
    !config.unapprovedDeveloperTokens.includes(devToken)
  ) {
    return adsError(version, "UNAUTHENTICATED", [
      { errorCode: { authenticationError: "DEVELOPER_TOKEN_INVALID" }, message: "The developer token is not valid." },
    ]);
  }
  if (devToken && config.unapprovedDeveloperTokens.includes(devToken)) {
    return adsError(version, "PERMISSION_DENIED", [
      {
        errorCode: { authorizationError: "DEVELOPER_TOKEN_NOT_APPROVED" },
        message:
          "The developer token is only approved for use with test accounts. To access non-test accounts, apply for Basic or Standard access.",
      },
    ]);
  }
  if (!/^\d{10}$/.test(customerId)) {
    return adsError(version, "INVALID_ARGUMENT", [
      { errorCode: { authenticationError: "CLIENT_CUSTOMER_ID_INVALID" }, message: "Client customer ID is not a number." },
    ]);
  }
  const login = headers.get("login-customer-id");
  if (login !== null && !/^\d{10}$/.test(login)) {
    return adsError(version, "INVALID_ARGUMENT", [
      { errorCode: { requestError: "INVALID_INPUT" }, message: "login-customer-id must be 10 digits without dashes." },
    ]);
  }
  const manager = config.managedCustomers[customerId];
  if (config.deniedCustomers.includes(customerId) || (manager && login !== manager)) {
    return adsError(
      version,
      "PERMISSION_DENIED",
      [
        {
          errorCode: { authorizationError: "USER_PERMISSION_DENIED" },
          message:
            "User doesn't have permission to access customer. Note: If you're accessing a client customer, the manager's customer id must be set in the 'login-customer-id' header. See https://developers.google.com/google-ads/api/docs/concepts/call-structure#cid",
        },
      ],
      "The caller does not have permission",
    );
  }
  return undefined;
}
