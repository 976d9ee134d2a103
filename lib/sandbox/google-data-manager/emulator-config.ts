import { z } from "zod";
import { baseConfigSchema, type Fault } from "@/lib/sandbox/config";
import { bearer, json, randomRequestId } from "@/lib/sandbox/request";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";

const SANDBOX = SANDBOX_CREDENTIALS.google_ads;
export const DM_SCOPE = "https://www.googleapis.com/auth/datamanager";

// Data Manager API emulator switches, errors in the standard google.rpc.Status shape with
// ErrorInfo / BadRequest / RequestInfo details
// (https://developers.google.com/data-manager/api/devguides/concepts/understand-errors), and the
// auth gate. Where Google's pages do not say what the API answers, the behaviour is a switch
// here and marked [belief].

export const dmEmulatorConfigSchema = baseConfigSchema.extend({
  /** Limits page: 10,000 audience members per request, 10 identifiers per member, 10 destinations. */
  maxMembersPerRequest: z.number().int().min(1).default(10_000),
  maxIdentifiersPerMember: z.number().int().min(1).default(10),
  maxDestinationsPerRequest: z.number().int().min(1).default(10),
  /** Seconds a request stays PROCESSING ("up to 24 hours, as little as 30 minutes": diagnostics guide). */
  processingSeconds: z.number().min(0).default(0),
  /** Every record of every request fails with this ProcessingErrorReason (request status FAILED). */
  requestFailureReason: z.string().nullable().default(null),
  /** Reason given to records carrying a rejectHashes hash (request status PARTIAL_SUCCESS) [belief: which reason]. */
  rejectedHashReason: z.string().default("PROCESSING_ERROR_REASON_INVALID_FORMAT"),
  /**
   * A request with no consent at all [belief]: "reject" answers 400 naming the consent field;
   * "processing_error" accepts it and fails its records with PROCESSING_ERROR_REASON_UNKNOWN_CONSENT.
   */
  missingConsent: z.enum(["reject", "processing_error", "accept"]).default("reject"),
  /** Operating accounts: id → account type. Unknown ids are PERMISSION_DENIED. */
  accounts: z.record(z.string(), z.string()).default({ "1234567890": "GOOGLE_ADS" }),
  /** Account id → manager id: requests must name that manager as the login account. */
  managedAccounts: z.record(z.string(), z.string()).default({}),
  /** Accounts that accepted the Customer Match terms in the UI; others must send termsOfService ACCEPTED [belief]. */
  termsAcceptedAccounts: z.array(z.string()).default([]),
  oauthClients: z
    .record(z.string(), z.string())
    .nullable()
    .default({ [SANDBOX.clientId]: SANDBOX.clientSecret }),
  refreshTokens: z.array(z.string()).nullable().default([SANDBOX.refreshToken]),
  revokedRefreshTokens: z.array(z.string()).default([]),
  /** Scope granted to issued tokens; Google refuses other scopes with ACCESS_TOKEN_SCOPE_INSUFFICIENT. */
  grantedScope: z.string().default(DM_SCOPE),
  accessTokenTtlSeconds: z.number().int().min(1).default(3600),
});
export type DmEmulatorConfig = z.output<typeof dmEmulatorConfigSchema>;

const GRPC = {
  INVALID_ARGUMENT: { code: 3, http: 400 },
  NOT_FOUND: { code: 5, http: 404 },
  ALREADY_EXISTS: { code: 6, http: 409 },
  PERMISSION_DENIED: { code: 7, http: 403 },
  RESOURCE_EXHAUSTED: { code: 8, http: 429 },
  INTERNAL: { code: 13, http: 500 },
  UNAVAILABLE: { code: 14, http: 503 },
  UNAUTHENTICATED: { code: 16, http: 401 },
} as const;
export type GrpcStatus = keyof typeof GRPC;

export type FieldViolation = { field: string; description: string; reason: string };

export function dmError(
  status: GrpcStatus,
  reason: string,
  message: string,
  opts: { violations?: FieldViolation[]; retryDelaySeconds?: number; httpStatus?: number } = {},
): Response {
  const requestId = randomRequestId();
  const http = opts.httpStatus ?? GRPC[status].http;
  const details: Record<string, unknown>[] = [
    { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason, domain: "datamanager.googleapis.com", metadata: {} },
    ...(opts.violations?.length ? [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: opts.violations }] : []),
    ...(opts.retryDelaySeconds !== undefined
      ? [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${opts.retryDelaySeconds}s` }]
      : []),
    { "@type": "type.googleapis.com/google.rpc.RequestInfo", requestId },
  ];
  return json({ error: { code: http, message, status, details } }, http);
}

/** Field violations of one request, answered together: the fast-fail model rejects it whole. */
export const invalid = (violations: FieldViolation[]) =>
  dmError("INVALID_ARGUMENT", violations[0]!.reason, "Request contains an invalid argument.", { violations });

export function dmFaultResponse(f: Fault): Response {
  const code = typeof f.code === "string" ? f.code : "RESOURCE_EXHAUSTED";
  if (code === "RESOURCE_EXHAUSTED") {
    return dmError("RESOURCE_EXHAUSTED", "RESOURCE_EXHAUSTED", f.message ?? "Too many requests.", {
      retryDelaySeconds: f.retryAfterSeconds ?? 30,
      httpStatus: f.status,
    });
  }
  const status = (code in GRPC ? code : "INTERNAL") as GrpcStatus;
  return dmError(status, status === "INTERNAL" ? "INTERNAL_ERROR" : status, f.message ?? "The service is currently unavailable.", {
    httpStatus: f.status,
  });
}

// Access tokens carry their expiry and scope ("ya29.dm.<base64url {exp, scope}>").
export const issueToken = (ttlSeconds: number, scope: string) =>
  `ya29.dm.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + ttlSeconds, scope })).toString("base64url")}`;

export function checkToken(headers: Headers): Response | undefined {
  const token = bearer(headers);
  const m = token ? /^ya29\.dm\.([A-Za-z0-9_-]+)$/.exec(token) : null;
  let claims: { exp?: number; scope?: string } | undefined;
  try {
    claims = m ? (JSON.parse(Buffer.from(m[1]!, "base64url").toString()) as typeof claims) : undefined;
  } catch {
    claims = undefined;
  }
  if (!claims || !claims.exp || claims.exp <= Date.now() / 1000) {
    return dmError(
      "UNAUTHENTICATED",
      "ACCESS_TOKEN_TYPE_UNSUPPORTED",
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
    );
  }
  if (!(claims.scope ?? "").split(" ").includes(DM_SCOPE)) {
    return dmError("PERMISSION_DENIED", "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "Request had insufficient authentication scopes.");
  }
  return undefined;
}
