import type pg from "pg";
import { pool } from "@/lib/db";
import {
  checkAuth,
  graphError,
  metaEmulatorConfigSchema,
  metaFaultResponse,
  permissionError,
  termsError,
  unsupported,
  usageHeader,
  type MetaEmulatorConfig,
} from "@/lib/sandbox/meta/emulator-config";
import { handleUsers } from "@/lib/sandbox/meta/emulator-users";
import { loadState } from "@/lib/sandbox/config";
import { handleControl } from "@/lib/sandbox/control";
import { incoming, json, readBody, type EmulatorHandler, type EmulatorOptions, type Incoming } from "@/lib/sandbox/request";
import { getAudience, insertAudience, listAudiences, memberCounts, nextId, type AudienceRow } from "@/lib/sandbox/store";

// A faithful local Meta Graph API for Custom Audiences (reference §1, checklist §7.1): exactly
// the endpoints the connector uses, strict about auth, hashes, arity, limits and sessions, with
// state in Postgres (schema "sandbox") and control routes under /_sandbox.

const AUDIENCE_ID_BASE = 23_850_000_000_000_000n; // Meta-looking ids, as in the reference examples
// The values Meta accepts for customer_file_source (reference §1), kept here rather than taken
// from the connector, so a connector sending another value is refused as Meta would.
const CUSTOMER_FILE_SOURCES = ["USER_PROVIDED_ONLY", "PARTNER_PROVIDED_ONLY", "BOTH_USER_AND_PARTNER_PROVIDED"] as const;

export function createMetaEmulator(opts: EmulatorOptions & { pool?: pg.Pool } = {}): EmulatorHandler {
  return async (req) => {
    const inc = incoming(req, opts.basePath);
    if (!inc) return graphError({ message: "Unknown path", code: 2500 }, 404);
    const db = opts.pool ?? pool();
    try {
      if (inc.segments[0] === "_sandbox") return await handleControl(db, "meta", inc, req, { configSchema: metaEmulatorConfigSchema });
      return await api(db, inc, req);
    } catch (e) {
      return graphError(
        {
          message: `An unexpected error has occurred. Please retry your request later. (${(e as Error).message})`,
          code: 2,
          type: "OAuthException",
        },
        500,
      );
    }
  };
}

function routeName(method: string, parts: string[]): string | undefined {
  const [node, edge, extra] = parts;
  if (!node || extra) return undefined;
  const isAccount = node.startsWith("act_");
  const key = `${method} ${isAccount ? "act" : "node"}${edge ? `/${edge}` : ""}`;
  return (
    {
      "GET act": "account",
      "GET act/customaudiences": "listAudiences",
      "POST act/customaudiences": "createAudience",
      "GET node": "getAudience",
      "POST node/users": "addUsers",
      "DELETE node/users": "removeUsers",
      "GET node/sessions": "sessions",
    } as Record<string, string>
  )[key];
}

async function api(db: pg.Pool, inc: Incoming, req: Request): Promise<Response> {
  // The version sits in the path; unversioned calls resolve to the oldest live version [belief].
  const parts = /^v\d+\.\d+$/.test(inc.segments[0] ?? "") ? inc.segments.slice(1) : inc.segments;
  const route = routeName(inc.method, parts);
  if (!route) return graphError({ message: `Unknown path components: /${parts.join("/")}`, code: 2500 });
  const { config, fault } = await loadState(db, "meta", route, metaEmulatorConfigSchema);
  if (config.maxUrlBytes !== null && inc.url.href.length > config.maxUrlBytes) {
    return new Response("<html><body><h1>414 Request-URI Too Large</h1></body></html>", {
      status: 414,
      headers: { "content-type": "text/html" },
    });
  }

  const params: Record<string, unknown> = Object.fromEntries(inc.query);
  const body = await readBody(req);
  if (body.kind === "form") Object.assign(params, Object.fromEntries(body.value));
  else if (body.kind === "json" && body.value && typeof body.value === "object") Object.assign(params, body.value);
  else if (body.kind === "invalid") return graphError({ message: "(#100) Invalid JSON in request body", code: 100 });

  const auth = checkAuth(params, inc.headers, config);
  if ("error" in auth) return auth.error;
  if (config.tokensWithoutPermission.includes(auth.token)) return permissionError();

  const node = parts[0]!;
  const accountId = node.startsWith("act_") ? node.slice(4) : undefined;
  if (accountId !== undefined && !/^\d+$/.test(accountId)) return unsupported(inc.method, node);
  const audience = accountId === undefined ? await getAudience(db, "meta", node) : undefined;
  if (accountId === undefined && !audience) return unsupported(inc.method, node);
  if (fault) return metaFaultResponse(fault, accountId ?? audience!.account_id);

  const fields = String(params.fields ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  switch (route) {
    case "account":
      return account(accountId!, fields, config);
    case "listAudiences":
      return list(db, accountId!, fields, params, config, inc);
    case "createAudience":
      return create(db, accountId!, params, config);
    case "getAudience":
      return json(
        await audienceFields(db, audience!, fields.length ? fields : ["id", "name"], config),
        200,
        usageHeader(audience!.account_id, config.usagePercent),
      );
    case "addUsers":
    case "removeUsers":
      return handleUsers(db, audience!, route === "addUsers" ? "add" : "remove", params, config);
    default:
      return sessions(db, audience!, params);
  }
}

const ACCOUNT_FIELDS = new Set(["id", "account_id", "name", "account_status", "currency", "tos_accepted"]);

function account(accountId: string, fields: string[], config: MetaEmulatorConfig): Response {
  const missing = fields.find((f) => !ACCOUNT_FIELDS.has(f));
  if (missing) return graphError({ message: `(#100) Tried accessing nonexisting field (${missing}) on node type (AdAccount)`, code: 100 });
  const all: Record<string, unknown> = {
    id: `act_${accountId}`,
    account_id: accountId,
    name: `Sandbox ad account ${accountId}`,
    account_status: 1,
    currency: "USD",
    // {"custom_audience_tos": 1} once accepted; an empty map otherwise [belief].
    tos_accepted: config.termsNotAcceptedAccounts.includes(accountId) ? {} : { custom_audience_tos: 1 },
  };
  return json(Object.fromEntries(["id", ...fields].map((f) => [f, all[f]])), 200, usageHeader(accountId, config.usagePercent));
}

async function list(
  db: pg.Pool,
  accountId: string,
  fields: string[],
  params: Record<string, unknown>,
  config: MetaEmulatorConfig,
  inc: Incoming,
) {
  const limit = Math.min(Math.max(Number(params.limit ?? 25) || 25, 1), 500);
  const after = typeof params.after === "string" ? Buffer.from(params.after, "base64url").toString() : undefined;
  const rows = await listAudiences(db, "meta", accountId, { after, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const data = await Promise.all(page.map((a) => audienceFields(db, a, fields.length ? fields : ["id"], config)));
  const cursor = (id: string) => Buffer.from(id).toString("base64url");
  const paging: Record<string, unknown> = page.length
    ? { cursors: { before: cursor(page[0]!.id), after: cursor(page[page.length - 1]!.id) } }
    : {};
  if (rows.length > limit) {
    const next = new URL(inc.url);
    next.searchParams.set("after", cursor(page[page.length - 1]!.id));
    next.searchParams.delete("access_token");
    paging.next = next.toString();
  }
  return json({ data, paging }, 200, usageHeader(accountId, config.usagePercent));
}

async function create(db: pg.Pool, accountId: string, params: Record<string, unknown>, config: MetaEmulatorConfig) {
  if (config.termsNotAcceptedAccounts.includes(accountId)) return termsError(accountId);
  const name = typeof params.name === "string" ? params.name.trim() : "";
  if (!name) return graphError({ message: "(#100) The parameter name is required", code: 100 });
  if (params.subtype !== undefined && params.subtype !== "CUSTOM") {
    return graphError({ message: `(#100) Sandbox only supports subtype CUSTOM, got ${String(params.subtype)}`, code: 100 });
  }
  const source = params.customer_file_source;
  if (!CUSTOMER_FILE_SOURCES.includes(source as (typeof CUSTOMER_FILE_SOURCES)[number])) {
    return graphError({
      message: "(#100) Missing parameter(s): customer_file_source must be one of " + CUSTOMER_FILE_SOURCES.join(", "),
      code: 100,
    });
  }
  const id = await nextId(db, AUDIENCE_ID_BASE);
  const description = typeof params.description === "string" ? params.description : null;
  await insertAudience(db, {
    platform: "meta",
    id,
    accountId,
    name,
    description,
    details: { subtype: "CUSTOM", customer_file_source: source },
  });
  return json({ id }, 200, usageHeader(accountId, config.usagePercent));
}

/** Audience node fields; approximate counts lag (countDelaySeconds) and read -1 when small (§1.7). */
async function audienceFields(db: pg.Pool, a: AudienceRow, fields: string[], config: MetaEmulatorConfig) {
  const needsCounts = fields.some((f) => f.startsWith("approximate_count") || f === "delivery_status");
  const counts = needsCounts ? await memberCounts(db, "meta", a.id, config.countDelaySeconds) : undefined;
  const n = counts?.visibleMatched ?? 0;
  const sized = n >= config.countThreshold && n > 0;
  const flagged = config.flaggedAudiences.includes(a.id);
  const unix = (d: Date) => Math.floor(d.getTime() / 1000);
  const all: Record<string, unknown> = {
    id: a.id,
    name: a.name,
    description: a.description,
    account_id: a.account_id,
    subtype: "CUSTOM",
    customer_file_source: a.details.customer_file_source,
    approximate_count_lower_bound: sized ? Math.floor(n * 0.9) : -1,
    approximate_count_upper_bound: sized ? Math.ceil(n * 1.1) : -1,
    operation_status: flagged
      ? { code: 471, description: "This audience was flagged and can no longer be updated." }
      : { code: 200, description: "Normal" },
    delivery_status: sized
      ? { code: 200, description: "This audience is ready for use." }
      : { code: 300, description: "This audience is too small to use." },
    time_created: unix(a.created_at),
    time_updated: unix(a.updated_at),
    time_content_updated: unix(a.updated_at),
  };
  return Object.fromEntries(["id", ...fields.filter((f) => f !== "id")].filter((f) => f in all).map((f) => [f, all[f]]));
}

/** GET /{audience_id}/sessions: CustomAudienceSession fields (§1.1). */
async function sessions(db: pg.Pool, a: AudienceRow, params: Record<string, unknown>) {
  const sessionId = typeof params.session_id === "string" ? params.session_id : null;
  const { rows } = await db.query(
    `SELECT session_id, extract(epoch FROM started_at)::int AS start_time, extract(epoch FROM ended_at)::int AS end_time,
            num_received, num_matched, num_invalid AS num_invalid_entries,
            CASE WHEN closed THEN 100 ELSE 0 END AS progress, CASE WHEN closed THEN 'finished' ELSE 'uploading' END AS stage
       FROM sandbox.meta_sessions WHERE audience_id = $1 AND ($2::text IS NULL OR session_id = $2) ORDER BY started_at`,
    [a.id, sessionId],
  );
  return json({ data: rows });
}
