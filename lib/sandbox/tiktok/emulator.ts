import type pg from "pg";
import { z } from "zod";
import { sha256Hex } from "@/lib/crypto";
import { pool } from "@/lib/db";
import { SHA256_HEX } from "@/lib/sandbox/digests";
import {
  checkAdvertiser,
  checkToken,
  envelope,
  ok,
  paramError,
  tiktokEmulatorConfigSchema,
  tiktokFaultResponse,
  type TiktokEmulatorConfig,
} from "@/lib/sandbox/tiktok/emulator-config";
import { loadState } from "@/lib/sandbox/config";
import { handleControl } from "@/lib/sandbox/control";
import { incoming, readBody, type EmulatorHandler, type EmulatorOptions } from "@/lib/sandbox/request";
import {
  addMembers,
  getAudience,
  insertAudience,
  listAudiences,
  memberCounts,
  nextId,
  removeMembers,
  touchAudience,
  type AudienceRow,
  type MemberInput,
} from "@/lib/sandbox/store";

// A faithful local TikTok API for Business, audience endpoints only (reference §3, checklist
// §7.3). Paths under {base}/open_api/v1.3/:
//   GET  user/info/                      token check
//   POST segment/audience/               create {advertiser_id, custom_audience_name, action: "create"}
//   POST segment/mapping/                add / delete, positional id_schema ↔ batch_data
//   GET  dmp/custom_audience/list/       ?advertiser_id&page&page_size
//   GET  dmp/custom_audience/get/        ?advertiser_id&custom_audience_ids=["…"]

const AUDIENCE_ID_BASE = 7_380_000_000_000_000_000n; // TikTok-looking ids, as in the reference example

export function createTiktokEmulator(opts: EmulatorOptions & { pool?: pg.Pool } = {}): EmulatorHandler {
  return async (req) => {
    const inc = incoming(req, opts.basePath);
    if (!inc) return envelope(40400, "Not found", {}, 404);
    const db = opts.pool ?? pool();
    try {
      if (inc.segments[0] === "_sandbox") return await handleControl(db, "tiktok", inc, req, { configSchema: tiktokEmulatorConfigSchema });
      if (inc.segments[0] !== "open_api" || !/^v1\.\d+$/.test(inc.segments[1] ?? ""))
        return envelope(40400, `Unknown path /${inc.segments.join("/")}`, {}, 404);
      const path = `${req.method} ${inc.segments.slice(2).join("/")}`;
      const name = ROUTES[path];
      if (!name) return envelope(40400, `Unknown API ${path}`, {}, 404);
      const { config, fault } = await loadState(db, "tiktok", name, tiktokEmulatorConfigSchema);
      const denied = checkToken(req.headers, config);
      if (denied) return denied;
      if (fault) return tiktokFaultResponse(fault);
      const body = req.method === "POST" ? await readBody(req) : undefined;
      if (body && body.kind !== "json") return paramError("Request body must be JSON (Content-Type: application/json).");
      const payload = body?.kind === "json" ? body.value : undefined;
      switch (name) {
        case "userInfo":
          return ok({ display_name: "Sandbox user", email: "sandbox@example.com", id: "7000000000000000001", create_time: 1700000000 });
        case "createAudience":
          return createAudience(db, payload, config);
        case "mapping":
          return mapping(db, payload, config);
        case "list":
          return list(db, inc.query, config);
        default:
          return details(db, inc.query, config);
      }
    } catch (e) {
      return envelope(50000, `System error, please try again later. (${(e as Error).message})`, {}, 500);
    }
  };
}

const ROUTES: Record<string, string> = {
  "GET user/info": "userInfo",
  "POST segment/audience": "createAudience",
  "POST segment/mapping": "mapping",
  "GET dmp/custom_audience/list": "list",
  "GET dmp/custom_audience/get": "details",
};

const createSchema = z.object({
  advertiser_id: z.coerce.string(),
  custom_audience_name: z.string().trim().min(1).max(128),
  action: z.literal("create"),
  id_type: z.string().optional(),
});

async function createAudience(db: pg.Pool, body: unknown, config: TiktokEmulatorConfig) {
  const parsed = createSchema.safeParse(body);
  if (!parsed.success)
    return paramError(`Invalid parameters: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  const gate = checkAdvertiser(parsed.data.advertiser_id, config);
  if (gate) return gate;
  const id = await nextId(db, AUDIENCE_ID_BASE);
  await insertAudience(db, { platform: "tiktok", id, accountId: parsed.data.advertiser_id, name: parsed.data.custom_audience_name });
  return ok({ audience_id: id });
}

// id_schema values (§3.2); SHA256 ids are 64 hex, MD5 ids 32 hex.
const SCHEMAS = ["EMAIL_SHA256", "PHONE_SHA256", "IDFA_SHA256", "GAID_SHA256", "AAID_SHA256", "IDFA_MD5", "AAID_MD5", "GAID_MD5"] as const;
const MD5_HEX = /^[0-9a-f]{32}$/;
const cellSchema = z.union([z.object({ id: z.string(), audience_ids: z.array(z.coerce.string()).min(1) }).strict(), z.object({}).strict()]);
const mappingSchema = z.object({
  advertiser_ids: z.array(z.coerce.string()).min(1),
  action: z.enum(["add", "delete"]),
  id_schema: z.array(z.enum(SCHEMAS)).min(1),
  batch_data: z.array(z.array(z.unknown())).min(1),
});

async function mapping(db: pg.Pool, body: unknown, config: TiktokEmulatorConfig) {
  const parsed = mappingSchema.safeParse(body);
  if (!parsed.success)
    return paramError(
      `Invalid parameters: ${parsed.error.issues
        .map((i) => `${i.path.join(".")} ${i.message}`)
        .slice(0, 3)
        .join("; ")}`,
    );
  const { advertiser_ids, action, id_schema, batch_data } = parsed.data;
  for (const a of advertiser_ids) {
    const gate = checkAdvertiser(a, config);
    if (gate) return gate;
  }
  if (batch_data.length > config.maxRows)
    return paramError(`batch_data: at most ${config.maxRows} users per request, got ${batch_data.length}.`);
  const ids = batch_data.reduce((n, row) => n + row.filter((c) => !!c && typeof c === "object" && "id" in c).length, 0);
  if (ids > config.maxIds) return paramError(`batch_data: at most ${config.maxIds} ids per request, got ${ids}.`);
  const audiences = new Map<string, AudienceRow | undefined>();
  const byAudience = new Map<string, MemberInput[]>();
  const reject = new Set(config.rejectHashes);
  for (const [r, row] of batch_data.entries()) {
    if (row.length !== id_schema.length)
      return paramError(`batch_data[${r}]: ${row.length} ids for an id_schema of ${id_schema.length}; use {} for a missing id.`);
    const member: MemberInput = {};
    const targets = new Set<string>();
    for (const [i, raw] of row.entries()) {
      const cell = cellSchema.safeParse(raw);
      if (!cell.success) return paramError(`batch_data[${r}][${i}]: each entry is {"id", "audience_ids"} or {}.`);
      if (!("id" in cell.data)) continue;
      const { id, audience_ids } = cell.data as { id: string; audience_ids: string[] };
      const schema = id_schema[i]!;
      if (!(schema.endsWith("MD5") ? MD5_HEX : SHA256_HEX).test(id))
        return paramError(`batch_data[${r}][${i}]: id is not a lowercase hex ${schema.endsWith("MD5") ? "MD5" : "SHA-256"} digest.`);
      if (reject.has(id)) return paramError(`batch_data[${r}][${i}]: id rejected by the sandbox (rejectHashes).`);
      if (schema === "EMAIL_SHA256") member.email = id;
      else if (schema === "PHONE_SHA256") member.phone = id;
      else member.other ??= id;
      audience_ids.forEach((a) => targets.add(a));
    }
    if (!targets.size) return paramError(`batch_data[${r}]: a user needs at least one id.`);
    for (const a of targets) {
      if (!audiences.has(a)) audiences.set(a, await getAudience(db, "tiktok", a));
      const audience = audiences.get(a);
      if (!audience || !advertiser_ids.includes(audience.account_id))
        return envelope(40006, `Audience ${a} does not exist or does not belong to advertiser_ids.`);
      (byAudience.get(a) ?? byAudience.set(a, []).get(a)!).push(member);
    }
  }
  const known = knownHashes(config);
  for (const [audienceId, members] of byAudience) {
    if (action === "add" && known) {
      // A match rate of 1 / 0 makes every member of that group matched / unmatched.
      const isKnown = (m: MemberInput) => [m.email, m.phone].some((h) => !!h && known.has(h));
      await addMembers(db, "tiktok", audienceId, members.filter(isKnown), 1);
      await addMembers(
        db,
        "tiktok",
        audienceId,
        members.filter((m) => !isKnown(m)),
        0,
      );
    } else if (action === "add") await addMembers(db, "tiktok", audienceId, members, config.matchRate);
    else await removeMembers(db, "tiktok", audienceId, members);
    await touchAudience(db, "tiktok", audienceId);
  }
  return ok({});
}

/**
 * The hashes TikTok's users are known by, per its documented normalization: email spaces
 * removed and lowercased (no +tag or dot rewriting); phone E.164 with and without "+".
 */
function knownHashes(config: TiktokEmulatorConfig): Set<string> | null {
  if (!config.users) return null;
  const emails = config.users.emails.map((e) => e.replace(/\s+/g, "").toLowerCase());
  const phones = config.users.phones.flatMap((p) => {
    const digits = p.replace(/\D/g, "").replace(/^0+/, "");
    return digits ? [`+${digits}`, digits] : [];
  });
  return new Set([...emails, ...phones].filter(Boolean).map(sha256Hex));
}

/** Audience details as TikTok reports them: cover_num lags (countDelaySeconds), validity needs 1,000. */
async function describe(db: pg.Pool, a: AudienceRow, config: TiktokEmulatorConfig) {
  const c = await memberCounts(db, "tiktok", a.id, config.countDelaySeconds);
  const unix = (d: Date) => Math.floor(d.getTime() / 1000);
  return {
    audience_id: a.id,
    name: a.name,
    cover_num: c.visibleMatched,
    is_valid: c.pending === 0 && c.visibleMatched >= config.minimumTargetable,
    is_expiring: false,
    audience_type: "Customer File",
    calculate_type: "MULTIPLE_TYPES",
    create_time: unix(a.created_at),
    expired_time: unix(a.created_at) + 365 * 86_400,
    shared: false,
  };
}

async function list(db: pg.Pool, query: URLSearchParams, config: TiktokEmulatorConfig) {
  const advertiser = query.get("advertiser_id") ?? "";
  const gate = checkAdvertiser(advertiser, config);
  if (gate) return gate;
  const page = Math.max(1, Number(query.get("page") ?? 1) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(query.get("page_size") ?? 10) || 10));
  const all = await listAudiences(db, "tiktok", advertiser, { limit: 100_000 });
  const slice = all.slice((page - 1) * pageSize, page * pageSize);
  return ok({
    page_info: { page, page_size: pageSize, total_number: all.length, total_page: Math.max(1, Math.ceil(all.length / pageSize)) },
    list: await Promise.all(slice.map((a) => describe(db, a, config))),
  });
}

async function details(db: pg.Pool, query: URLSearchParams, config: TiktokEmulatorConfig) {
  const advertiser = query.get("advertiser_id") ?? "";
  const gate = checkAdvertiser(advertiser, config);
  if (gate) return gate;
  let raw: unknown;
  try {
    raw = JSON.parse(query.get("custom_audience_ids") ?? "null");
  } catch {
    raw = null;
  }
  const ids = z.array(z.coerce.string()).min(1).max(100).safeParse(raw);
  if (!ids.success) return paramError('custom_audience_ids must be a JSON array of 1–100 ids, e.g. ["123"].');
  const out = [];
  for (const id of ids.data) {
    const a = await getAudience(db, "tiktok", id);
    if (!a || a.account_id !== advertiser)
      return paramError(`custom_audience_ids: audience ${id} does not exist for advertiser ${advertiser}.`);
    out.push({ audience_details: await describe(db, a, config), audience_history: [] });
  }
  return ok({ list: out });
}
