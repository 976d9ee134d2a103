import type pg from "pg";
import { z } from "zod";
import { pool } from "@/lib/db";
import { loadState, readConfig } from "@/lib/sandbox/config";
import { handleControl } from "@/lib/sandbox/control";
import {
  checkToken,
  dmEmulatorConfigSchema,
  dmError,
  dmFaultResponse,
  invalid,
  issueToken,
  type DmEmulatorConfig,
} from "@/lib/sandbox/google-data-manager/emulator-config";
import { DM_PLATFORM, ingestOrRemove, processDue, retrieveStatus } from "@/lib/sandbox/google-data-manager/emulator-requests";
import { incoming, json, readBody, type EmulatorHandler, type EmulatorOptions } from "@/lib/sandbox/request";
import { getAudience, insertAudience, listAudiences, memberCounts, nextId, type AudienceRow } from "@/lib/sandbox/store";

// A strict local Data Manager API (https://developers.google.com/data-manager/api/reference/rest),
// with the OAuth token endpoint beside it. State in Postgres (schema "sandbox"), control routes
// under /_sandbox (lib/sandbox/control.ts).
//
//   POST {base}/oauth2/v4/token                                       (also {base}/token)
//   POST {base}/v1/audienceMembers:ingest | audienceMembers:remove
//   GET  {base}/v1/requestStatus:retrieve?requestId=…
//   GET  {base}/v1/accountTypes/{type}/accounts/{id}/userLists[?filter=display_name = "…"]
//   POST {base}/v1/accountTypes/{type}/accounts/{id}/userLists
//   GET  {base}/v1/accountTypes/{type}/accounts/{id}/userLists/{listId}

export function createGoogleDataManagerEmulator(opts: EmulatorOptions & { pool?: pg.Pool } = {}): EmulatorHandler {
  return async (req) => {
    const inc = incoming(req, opts.basePath);
    if (!inc) return json({ error: { code: 404, message: "Not Found", status: "NOT_FOUND" } }, 404);
    const db = opts.pool ?? pool();
    try {
      const path = inc.segments.join("/");
      if (inc.segments[0] === "_sandbox") {
        if (req.method === "POST" && path === "_sandbox/reset") await db.query(`DELETE FROM sandbox.dm_requests`);
        return await handleControl(db, DM_PLATFORM, inc, req, {
          configSchema: dmEmulatorConfigSchema,
          beforeRead: async () => processDue(db, await readConfig(db, DM_PLATFORM, dmEmulatorConfigSchema)),
        });
      }
      if (req.method === "POST" && (path === "oauth2/v4/token" || path === "token")) return await token(db, req);
      return await api(db, inc.segments, inc.query, req);
    } catch (e) {
      return dmError("INTERNAL", "INTERNAL_ERROR", `Internal error encountered. (${(e as Error).message})`);
    }
  };
}

const tokenForm = z.object({
  grant_type: z.string(),
  refresh_token: z.string().min(1),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
});

async function token(db: pg.Pool, req: Request): Promise<Response> {
  const config = await readConfig(db, DM_PLATFORM, dmEmulatorConfigSchema);
  const body = await readBody(req);
  const parsed = tokenForm.safeParse(body.kind === "form" ? Object.fromEntries(body.value) : body.kind === "json" ? body.value : {});
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
  if (config.refreshTokens && !config.refreshTokens.includes(f.refresh_token))
    return json({ error: "invalid_grant", error_description: "Bad Request" }, 400);
  return json({
    access_token: issueToken(config.accessTokenTtlSeconds, config.grantedScope),
    expires_in: config.accessTokenTtlSeconds,
    scope: config.grantedScope,
    token_type: "Bearer",
  });
}

const notFound = (req: Request, parts: string[]) =>
  dmError("NOT_FOUND", "NOT_FOUND", `Method not found: ${req.method} /${parts.join("/")}`);

async function api(db: pg.Pool, segments: string[], query: URLSearchParams, req: Request): Promise<Response> {
  if (segments[0] !== "v1") return notFound(req, segments);
  const rest = segments.slice(1).join("/");
  const lists = /^accountTypes\/([^/]+)\/accounts\/([^/]+)\/userLists(?:\/([^/]+))?$/.exec(rest);
  const name =
    req.method === "POST" && rest === "audienceMembers:ingest"
      ? "ingest"
      : req.method === "POST" && rest === "audienceMembers:remove"
        ? "remove"
        : req.method === "GET" && rest === "requestStatus:retrieve"
          ? "retrieve"
          : lists && req.method === "GET"
            ? lists[3]
              ? "getUserList"
              : "listUserLists"
            : lists && req.method === "POST" && !lists[3]
              ? "createUserList"
              : null;
  if (!name) return notFound(req, segments);
  const { config, fault } = await loadState(db, DM_PLATFORM, name, dmEmulatorConfigSchema);
  const denied = checkToken(req.headers);
  if (denied) return denied;
  if (fault) return dmFaultResponse(fault);
  if (name === "retrieve") return retrieveStatus(db, query.get("requestId"), config);
  if (name === "listUserLists" || name === "getUserList") {
    const problem = accountProblem(config, lists![1]!, lists![2]!, req.headers);
    if (problem) return problem;
    await processDue(db, config);
    return name === "getUserList" ? getUserList(db, lists![2]!, lists![3]!, config) : listUserLists(db, lists![1]!, lists![2]!, query);
  }
  const body = await readBody(req);
  if (body.kind !== "json") return invalid([{ field: "", description: "Invalid JSON payload received.", reason: "INVALID_ARGUMENT" }]);
  if (name === "createUserList") {
    const problem = accountProblem(config, lists![1]!, lists![2]!, req.headers);
    return problem ?? createUserList(db, lists![1]!, lists![2]!, body.value);
  }
  return ingestOrRemove(db, name as "ingest" | "remove", body.value, config);
}

/** UserListService: the account must exist with that type, reached through its manager (login-account header). */
function accountProblem(config: DmEmulatorConfig, type: string, id: string, headers: Headers): Response | undefined {
  const known = config.accounts[id];
  if (!known)
    return dmError(
      "PERMISSION_DENIED",
      "PERMISSION_DENIED",
      `The caller does not have permission to access account ${id}, or it does not exist.`,
    );
  if (known !== type)
    return invalid([{ field: "parent", description: `Account ${id} is a ${known} account, not ${type}.`, reason: "INVALID_DESTINATION" }]);
  const manager = config.managedAccounts[id];
  if (manager && headers.get("login-account") !== `accountTypes/GOOGLE_ADS/accounts/${manager}`)
    return dmError(
      "PERMISSION_DENIED",
      "PERMISSION_DENIED",
      `The caller does not have permission to access account ${id}. Set its manager account in the login-account header.`,
    );
  return undefined;
}

async function view(db: pg.Pool, a: AudienceRow, type: string, config?: DmEmulatorConfig) {
  const counts = config ? await memberCounts(db, DM_PLATFORM, a.id, config.countDelaySeconds) : null;
  return {
    name: `accountTypes/${type}/accounts/${a.account_id}/userLists/${a.id}`,
    id: a.id,
    displayName: a.name,
    ...(a.description ? { description: a.description } : {}),
    membershipStatus: "OPEN",
    ...(a.details.membershipDuration ? { membershipDuration: a.details.membershipDuration } : {}),
    accessReason: "OWNED",
    ...(counts
      ? {
          sizeInfo: { displayNetworkMembersCount: String(counts.visibleMatched), searchNetworkMembersCount: String(counts.visibleMatched) },
          ingestedUserListInfo: {
            uploadKeyTypes: ["CONTACT_ID"],
            contactIdInfo: {
              dataSourceType: "DATA_SOURCE_TYPE_FIRST_PARTY",
              matchRatePercentage: counts.total ? Math.round((counts.matched / counts.total) * 100) : 0,
            },
          },
        }
      : { ingestedUserListInfo: { uploadKeyTypes: ["CONTACT_ID"] } }),
  };
}

async function getUserList(db: pg.Pool, accountId: string, listId: string, config: DmEmulatorConfig): Promise<Response> {
  const a = await getAudience(db, DM_PLATFORM, listId);
  if (!a || a.account_id !== accountId)
    return dmError("NOT_FOUND", "NOT_FOUND", `User list ${listId} was not found in account ${accountId}.`);
  return json(await view(db, a, config.accounts[accountId] ?? "GOOGLE_ADS", config));
}

async function listUserLists(db: pg.Pool, type: string, accountId: string, query: URLSearchParams): Promise<Response> {
  const filter = query.get("filter");
  let name: string | undefined;
  if (filter) {
    // The subset the connector uses: display_name = "…" (AIP-160 string with \" and \\ escapes).
    const m = /^display_name\s*=\s*"((?:[^"\\]|\\.)*)"$/.exec(filter.trim());
    if (!m)
      return invalid([
        {
          field: "filter",
          description: `The sandbox supports only display_name = "…" filters, not: ${filter}`,
          reason: "INVALID_ARGUMENT",
        },
      ]);
    name = m[1]!.replace(/\\(.)/g, "$1");
  }
  const size = Math.min(Math.max(Number(query.get("pageSize") ?? 50) || 50, 1), 1000);
  const rows = await listAudiences(db, DM_PLATFORM, accountId, { name, limit: size });
  return json({ userLists: await Promise.all(rows.map((a) => view(db, a, type))) });
}

const createSchema = z.object({
  displayName: z.string().trim().min(1),
  description: z.string().optional(),
  membershipDuration: z.string().optional(),
  ingestedUserListInfo: z.object({ uploadKeyTypes: z.array(z.string()).min(1) }).passthrough(),
});

async function createUserList(db: pg.Pool, type: string, accountId: string, body: unknown): Promise<Response> {
  const parsed = createSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid([
      {
        field: issue?.path.join(".") || "user_list",
        description: `The sandbox creates customer lists only; ${issue?.message}`,
        reason: "REQUIRED_FIELD_MISSING",
      },
    ]);
  }
  const u = parsed.data;
  if (!u.ingestedUserListInfo.uploadKeyTypes.includes("CONTACT_ID"))
    return invalid([
      {
        field: "ingested_user_list_info.upload_key_types",
        description: "The sandbox creates CONTACT_ID lists only.",
        reason: "INVALID_USER_LIST_TYPE",
      },
    ]);
  // user_list.proto: "Valid durations are exact multiples of 24 hours (86400 seconds)".
  const seconds = u.membershipDuration ? /^(\d+)s$/.exec(u.membershipDuration)?.[1] : undefined;
  if (u.membershipDuration && (!seconds || Number(seconds) % 86_400 !== 0))
    return invalid([
      {
        field: "membership_duration",
        description: "Membership duration must be an exact multiple of 24 hours.",
        reason: "INVALID_ARGUMENT",
      },
    ]);
  if ((await listAudiences(db, DM_PLATFORM, accountId, { name: u.displayName, limit: 1 })).length)
    return dmError("ALREADY_EXISTS", "INVALID_ARGUMENT", `A user list named "${u.displayName}" already exists in account ${accountId}.`);
  const a = await insertAudience(db, {
    platform: DM_PLATFORM,
    id: await nextId(db),
    accountId,
    name: u.displayName,
    description: u.description,
    details: { membershipDuration: u.membershipDuration ?? null, uploadKeyTypes: u.ingestedUserListInfo.uploadKeyTypes },
  });
  return json(await view(db, a, type));
}
