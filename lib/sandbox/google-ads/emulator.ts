import type pg from "pg";
import { z } from "zod";
import { pool } from "@/lib/db";
import {
  adsError,
  checkAuth,
  googleEmulatorConfigSchema,
  googleFaultResponse,
  issueAccessToken,
  type GoogleEmulatorConfig,
} from "@/lib/sandbox/google-ads/emulator-config";
import { parseQuery, runQuery } from "@/lib/sandbox/google-ads/emulator-gaql";
import { addOperations, createJob, finishDueJobs, runJob } from "@/lib/sandbox/google-ads/emulator-jobs";
import { loadState, readConfig } from "@/lib/sandbox/config";
import { handleControl } from "@/lib/sandbox/control";
import { incoming, json, randomRequestId, readBody, type EmulatorHandler, type EmulatorOptions } from "@/lib/sandbox/request";
import { insertAudience, listAudiences, nextId } from "@/lib/sandbox/store";

// A faithful local Google Ads API for Customer Match (reference §2, checklist §7.2): OAuth token
// endpoint, userLists:mutate, offlineUserDataJobs create / addOperations / run, and GAQL search.
// State in Postgres (schema "sandbox"), control routes under /_sandbox.
//
//   POST {base}/oauth2/v4/token                                   (also {base}/token)
//   POST {base}/v{N}/customers/{cid}/userLists:mutate
//   POST {base}/v{N}/customers/{cid}/offlineUserDataJobs:create
//   POST {base}/v{N}/customers/{cid}/offlineUserDataJobs/{id}:addOperations | :run
//   POST {base}/v{N}/customers/{cid}/googleAds:search

export function createGoogleAdsEmulator(opts: EmulatorOptions & { pool?: pg.Pool } = {}): EmulatorHandler {
  return async (req) => {
    const inc = incoming(req, opts.basePath);
    if (!inc) return json({ error: { code: 404, message: "Not Found", status: "NOT_FOUND" } }, 404);
    const db = opts.pool ?? pool();
    try {
      const [first] = inc.segments;
      if (first === "_sandbox") {
        return await handleControl(db, "google_ads", inc, req, {
          configSchema: googleEmulatorConfigSchema,
          beforeRead: async () => finishDueJobs(db, await readConfig(db, "google_ads", googleEmulatorConfigSchema)),
        });
      }
      if (req.method === "POST" && (inc.segments.join("/") === "oauth2/v4/token" || inc.segments.join("/") === "token"))
        return await token(db, req);
      return await api(db, inc.segments, req);
    } catch (e) {
      return json({ error: { code: 500, message: `Internal error encountered. (${(e as Error).message})`, status: "INTERNAL" } }, 500);
    }
  };
}

const tokenForm = z.object({
  grant_type: z.string(),
  refresh_token: z.string().min(1),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
});

/** OAuth2 refresh-token grant (§2.4), answering in Google's error vocabulary. */
async function token(db: pg.Pool, req: Request): Promise<Response> {
  const config = await readConfig(db, "google_ads", googleEmulatorConfigSchema);
  const body = await readBody(req);
  const fields = body.kind === "form" ? Object.fromEntries(body.value) : body.kind === "json" ? body.value : {};
  const parsed = tokenForm.safeParse(fields);
  if (!parsed.success)
    return json(
      { error: "invalid_request", error_description: "Missing required parameter: refresh_token, client_id or client_secret" },
      400,
    );
  const f = parsed.data;
  if (f.grant_type !== "refresh_token")
    return json({ error: "unsupported_grant_type", error_description: `Invalid grant_type: ${f.grant_type}` }, 400);
  if (config.oauthClients && config.oauthClients[f.client_id] !== f.client_secret)
    return json({ error: "invalid_client", error_description: "Unauthorized" }, 401);
  if (config.revokedRefreshTokens.includes(f.refresh_token))
    return json({ error: "invalid_grant", error_description: "Token has been expired or revoked." }, 400);
  // Google's answer to a refresh token it never issued.
  if (config.refreshTokens && !config.refreshTokens.includes(f.refresh_token))
    return json({ error: "invalid_grant", error_description: "Bad Request" }, 400);
  return json({
    access_token: issueAccessToken(config.accessTokenTtlSeconds),
    expires_in: config.accessTokenTtlSeconds,
    scope: "https://www.googleapis.com/auth/adwords",
    token_type: "Bearer",
  });
}

function route(parts: string[]): { name: string; cid: string; jobId?: string } | undefined {
  if (parts[0] !== "customers" || !parts[1]) return undefined;
  const cid = parts[1];
  const rest = parts.slice(2).join("/");
  const m = /^offlineUserDataJobs\/(\d+):(addOperations|run)$/.exec(rest);
  if (m) return { name: m[2] === "run" ? "runJob" : "addOperations", cid, jobId: m[1] };
  const name = (
    { "userLists:mutate": "mutateUserLists", "offlineUserDataJobs:create": "createJob", "googleAds:search": "search" } as Record<
      string,
      string
    >
  )[rest];
  return name ? { name, cid } : undefined;
}

/** Google Ads API major versions live on 2026-12-01 (sunset-dates page). Several: accounts upgrade at their own pace. */
const LIVE_VERSIONS = new Set(["v23", "v24", "v25", "v26"]);

async function api(db: pg.Pool, segments: string[], req: Request): Promise<Response> {
  const version = segments[0] ?? "";
  // Only the versions Google serves on 2026-12-01 (v22 sunset 2026-10-07: "all v22 API requests will
  // begin to fail"; developers.google.com/google-ads/api/docs/sunset-dates). A sunset version is
  // answered like any unknown URL [belief: Google's exact answer].
  if (!LIVE_VERSIONS.has(version))
    return json({ error: { code: 404, message: `The requested URL /${segments.join("/")} was not found.`, status: "NOT_FOUND" } }, 404);
  const r = route(segments.slice(1));
  if (!r || req.method !== "POST")
    return json({ error: { code: 404, message: `Method not found: ${req.method} /${segments.join("/")}`, status: "NOT_FOUND" } }, 404);
  const { config, fault } = await loadState(db, "google_ads", r.name, googleEmulatorConfigSchema);
  const denied = checkAuth(version, req.headers, r.cid, config);
  if (denied) return denied;
  if (fault) return googleFaultResponse(version, fault);
  const body = await readBody(req);
  if (body.kind === "invalid" || body.kind === "form")
    return adsError(version, "INVALID_ARGUMENT", [
      { errorCode: { requestError: "INVALID_INPUT" }, message: "Invalid JSON payload received." },
    ]);
  const payload = body.kind === "json" ? body.value : {};
  switch (r.name) {
    case "mutateUserLists":
      return mutateUserLists(db, version, r.cid, payload);
    case "createJob":
      return createJob(db, version, r.cid, payload, config);
    case "addOperations":
      return addOperations(db, version, r.cid, r.jobId!, payload, config);
    case "runJob":
      return runJob(db, version, r.cid, r.jobId!, payload, config);
    default:
      return search(db, version, r.cid, payload, config);
  }
}

const userListCreate = z.object({
  name: z.string().trim().min(1),
  description: z.string().optional(),
  membershipLifeSpan: z.union([z.string(), z.number()]).optional(),
  crmBasedUserList: z.object({
    uploadKeyType: z.enum(["CONTACT_INFO", "CRM_ID", "MOBILE_ADVERTISING_ID"]),
    dataSourceType: z.string().optional(),
    appId: z.string().nullable().optional(),
  }),
});
const mutateSchema = z.object({ operations: z.array(z.object({ create: userListCreate })).min(1), validateOnly: z.boolean().optional() });

async function mutateUserLists(db: pg.Pool, v: string, cid: string, body: unknown): Promise<Response> {
  const parsed = mutateSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return adsError(v, "INVALID_ARGUMENT", [
      {
        errorCode: { fieldError: "REQUIRED" },
        message: `The sandbox creates CRM-based lists only; ${issue?.path.join(".")}: ${issue?.message}`,
      },
    ]);
  }
  const results: { resourceName: string }[] = [];
  for (const [i, { create }] of parsed.data.operations.entries()) {
    const at = (field: string) => ({
      fieldPathElements: [{ fieldName: "operations", index: i }, { fieldName: "create" }, { fieldName: field }],
    });
    const span = Number(create.membershipLifeSpan ?? 540);
    if (!Number.isInteger(span) || !((span >= 0 && span <= 540) || span === 10000)) {
      return adsError(v, "INVALID_ARGUMENT", [
        {
          errorCode: { rangeError: "TOO_HIGH" },
          message: "membershipLifeSpan must be 0–540 days, or 10000 for unlimited.",
          location: at("membership_life_span"),
        },
      ]);
    }
    if (create.crmBasedUserList.uploadKeyType === "MOBILE_ADVERTISING_ID" && !create.crmBasedUserList.appId) {
      return adsError(v, "INVALID_ARGUMENT", [
        {
          errorCode: { userListError: "APP_ID_NOT_SET" },
          message: "Mobile advertising id lists need an appId.",
          location: at("crm_based_user_list"),
        },
      ]);
    }
    // User list names are unique per account.
    if ((await listAudiences(db, "google_ads", cid, { name: create.name, limit: 1 })).length) {
      return adsError(v, "INVALID_ARGUMENT", [
        {
          errorCode: { userListError: "NAME_ALREADY_USED" },
          message: "Name is already being used for another user list for the account.",
          trigger: { stringValue: create.name },
          location: at("name"),
        },
      ]);
    }
    if (parsed.data.validateOnly) continue;
    const id = await nextId(db);
    await insertAudience(db, {
      platform: "google_ads",
      id,
      accountId: cid,
      name: create.name,
      description: create.description,
      details: { membershipLifeSpan: span, uploadKeyType: create.crmBasedUserList.uploadKeyType },
    });
    results.push({ resourceName: `customers/${cid}/userLists/${id}` });
  }
  return json({ results });
}

async function search(db: pg.Pool, v: string, cid: string, body: unknown, config: GoogleEmulatorConfig): Promise<Response> {
  const query = z.object({ query: z.string().min(1) }).safeParse(body);
  if (!query.success) return adsError(v, "INVALID_ARGUMENT", [{ errorCode: { queryError: "QUERY_ERROR" }, message: "query is required." }]);
  const parsed = parseQuery(query.data.query);
  if (typeof parsed === "string")
    return adsError(v, "INVALID_ARGUMENT", [{ errorCode: { queryError: "UNEXPECTED_INPUT" }, message: parsed }]);
  await finishDueJobs(db, config);
  const result = await runQuery(db, cid, parsed, config);
  if ("error" in result) return adsError(v, "INVALID_ARGUMENT", [{ errorCode: { queryError: result.code }, message: result.error }]);
  const fieldMask = parsed.fields
    .map((f) =>
      f
        .split(".")
        .map((p) => p.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()))
        .join("."),
    )
    .join(",");
  return json({ ...(result.rows.length ? { results: result.rows } : {}), fieldMask, requestId: randomRequestId() });
}
