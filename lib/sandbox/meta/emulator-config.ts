import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { baseConfigSchema, type Fault } from "@/lib/sandbox/config";
import { bearer, json, randomRequestId } from "@/lib/sandbox/request";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";

// Meta emulator switches, Graph-shaped errors and the auth gate. Items marked [belief] in the
// reference are switches here rather than hard-coded behaviour.

export const metaEmulatorConfigSchema = baseConfigSchema.extend({
  /** Rows per /users call (§1.4: 10,000). */
  maxRows: z.number().int().min(1).default(10_000),
  /** The valid tokens (strict by default: the sandbox token only). null accepts any non-empty token. */
  acceptedTokens: z.array(z.string()).nullable().default([SANDBOX_CREDENTIALS.meta.accessToken]),
  /** Tokens answered with 190/463 "Session has expired". */
  expiredTokens: z.array(z.string()).default([]),
  /** Tokens without ads_management: ad account and audience calls get (#200). */
  tokensWithoutPermission: z.array(z.string()).default([]),
  /** App secret for appsecret_proof checks (§1.6); proofs sent are verified when set. */
  appSecret: z.string().nullable().default(null),
  /** "Require App Secret" switched on in the app: calls without a proof are refused. */
  requireAppSecretProof: z.boolean().default(false),
  /** Ad accounts that have not accepted the Custom Audience terms: (#2663). */
  termsNotAcceptedAccounts: z.array(z.string()).default([]),
  /** Audiences flagged by Meta (operation_status 471): writes fail 100/1713230 (§1.7). */
  flaggedAudiences: z.array(z.string()).default([]),
  /**
   * Session batches may arrive in any order ("any": what a concurrent sender produces) or must
   * start at 1 without gaps ("strict") [belief: Meta's rule is unconfirmed]. Either way a session
   * is one operation, and nothing new is accepted after the batch that closed it.
   */
  sessionOrder: z.enum(["strict", "any"]).default("any"),
  /** Below this many matched people the approximate counts read -1 (§1.7 emulator suggestion). */
  countThreshold: z.number().int().min(0).default(1000),
  /** Removals that would leave fewer matched people are refused with (#2650) [belief; §7 lesson]. */
  refuseRemovalBelow: z.number().int().min(0).nullable().default(null),
  /** Longest request URL accepted; RudderStack saw a ~65 KB ceiling, answered 414 (§1.4). */
  maxUrlBytes: z.number().int().min(1).nullable().default(65_000),
  /** How many invalid values /users echoes in invalid_entry_samples [belief]. */
  invalidSampleLimit: z.number().int().min(0).default(100),
  /** call_count % reported in X-Business-Use-Case-Usage on normal answers. */
  usagePercent: z.number().min(0).max(100).default(1),
});
export type MetaEmulatorConfig = z.output<typeof metaEmulatorConfigSchema>;

export type GraphErrorBody = {
  message: string;
  code: number;
  error_subcode?: number;
  type?: string;
  error_user_title?: string;
  error_user_msg?: string;
};

export function usageHeader(accountId: string, callCount: number, regainMinutes = 0): Record<string, string> {
  const usage = {
    type: "custom_audience",
    call_count: callCount,
    total_cputime: Math.min(100, callCount),
    total_time: Math.min(100, callCount),
    estimated_time_to_regain_access: regainMinutes,
  };
  return { "x-business-use-case-usage": JSON.stringify({ [accountId]: [usage] }) };
}

/** The Graph error envelope (§1.5), HTTP 400 unless told otherwise. */
export function graphError(e: GraphErrorBody, status = 400, headers: Record<string, string> = {}): Response {
  const error = { type: "OAuthException", ...e, fbtrace_id: randomRequestId() };
  return json({ error }, status, headers);
}

const THROTTLE_MESSAGES: Record<number, string> = {
  4: "(#4) Application request limit reached",
  17: "(#17) User request limit reached",
  32: "(#32) Page request limit reached",
  613: "(#613) Calls to this api have exceeded the rate limit.",
  80003: "(#80003) There have been too many calls to this ad-account. Wait a bit and try again.",
};

/** An injected fault in Graph's words; with no code it is the custom-audience BUC limit, 80003. */
export function metaFaultResponse(f: Fault, accountId: string): Response {
  const code = typeof f.code === "number" ? f.code : 80003;
  const throttle = code in THROTTLE_MESSAGES || (code >= 80000 && code <= 80014);
  const minutes = Math.ceil((f.retryAfterSeconds ?? 60) / 60);
  const headers = throttle ? usageHeader(accountId, 100, minutes) : {};
  if (f.retryAfterSeconds !== undefined) headers["retry-after"] = String(f.retryAfterSeconds);
  const message =
    f.message ?? THROTTLE_MESSAGES[code] ?? (code === 1 || code === 2 ? "An unknown error occurred" : `(#${code}) Sandbox fault`);
  return graphError(
    { message, code, ...(f.subcode ? { error_subcode: f.subcode } : {}), ...(code === 17 && !f.subcode ? { error_subcode: 2446079 } : {}) },
    f.status ?? (code === 1 || code === 2 ? 500 : 400),
    headers,
  );
}

function safeHexEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Token in query/form/JSON (`access_token`) or a Bearer header (§1.1 transport 3); proof per §1.6. */
export function checkAuth(
  params: Record<string, unknown>,
  headers: Headers,
  config: MetaEmulatorConfig,
): { token: string } | { error: Response } {
  const token = (typeof params.access_token === "string" ? params.access_token : undefined) ?? bearer(headers);
  if (!token) return { error: graphError({ message: "An access token is required to request this resource.", code: 104 }) };
  if (config.acceptedTokens && !config.acceptedTokens.includes(token)) {
    return { error: graphError({ message: "Invalid OAuth access token - Cannot parse access token", code: 190 }) };
  }
  if (config.expiredTokens.includes(token)) {
    return {
      error: graphError({
        message: "Error validating access token: Session has expired on Friday, 14-Jun-24 05:00:00 PDT.",
        code: 190,
        error_subcode: 463,
      }),
    };
  }
  const proof = typeof params.appsecret_proof === "string" ? params.appsecret_proof : undefined;
  if (config.appSecret && proof) {
    const time = typeof params.appsecret_time === "string" ? Number(params.appsecret_time) : undefined;
    const message = time !== undefined ? `${token}|${time}` : token;
    const expected = createHmac("sha256", config.appSecret).update(message).digest("hex");
    if (!safeHexEqual(expected, proof.toLowerCase())) {
      return {
        error: graphError({ message: "Invalid appsecret_proof provided in the API argument", code: 100, type: "GraphMethodException" }),
      };
    }
    if (time !== undefined && Math.abs(Date.now() / 1000 - time) > 300) {
      return {
        error: graphError({
          message: "The appsecret_time is too old; time-stamped proofs expire after 5 minutes",
          code: 100,
          type: "GraphMethodException",
        }),
      };
    }
  } else if (config.requireAppSecretProof && !proof) {
    return {
      error: graphError({
        message: "API calls from the server require an appsecret_proof argument",
        code: 100,
        type: "GraphMethodException",
      }),
    };
  }
  return { token };
}

export const permissionError = () =>
  graphError({ message: "(#200) Requires ads_management permission to manage the object", code: 200 }, 403);

export const termsError = (accountId: string) =>
  graphError({
    message: `(#2663) Terms of service has not been accepted. To accept, go to https://www.facebook.com/customaudiences/app/tos/?act=${accountId}`,
    code: 2663,
    error_user_title: "Custom Audience Terms Not Accepted",
  });

export const unsupported = (method: string, id: string) =>
  graphError({
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    code: 100,
    error_subcode: 33,
    type: "GraphMethodException",
  });
