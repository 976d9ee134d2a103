import { randomUUID } from "node:crypto";
import { z } from "zod";
import { connectionFailure } from "@/lib/connectors/connection-test";
import {
  REMOVAL_REFUSED,
  type AudienceItem,
  type BatchResult,
  type Connector,
  type ConnectorContext,
  type ItemResult,
} from "@/lib/connectors/contract";
import { callPlatform, joinUrl, parseBody, type PlatformRequest } from "@/lib/connectors/http";
import { isConnectorError } from "@/lib/connectors/errors";
import { fieldLabel } from "@/lib/connectors/field-label";
import { metaError, metaUsagePercent } from "@/lib/connectors/meta/errors";
import { appSecretProof, metaSessionId } from "@/lib/connectors/meta/hashing";
import {
  adAccountSchema,
  audienceFieldsSchema,
  audienceListSchema,
  buildRows,
  createdSchema,
  CUSTOMER_FILE_SOURCES,
  liveGraphBaseUrl,
  META_API_BASE,
  META_MAX_ROWS,
  usersResponseSchema,
  type MetaSession,
} from "@/lib/connectors/meta/wire";

// Meta Custom Audiences (customer list) over the Graph API. Wire format: reference §1.

export const metaSettingsSchema = z.object({
  /** "act_123" or "123"; stored without the prefix. */
  adAccountId: z
    .string()
    .trim()
    .regex(/^(act_)?\d+$/, "Ad account id is digits, optionally prefixed act_")
    .transform((v) => v.replace(/^act_/, "")),
  /** Graph base URL including the version; point it at the emulator in tests and the demo. An expired version moves to the current one. */
  apiBaseUrl: z.string().url().default(META_API_BASE).transform(liveGraphBaseUrl),
  /** We upload our own customers' data, hence USER_PROVIDED_ONLY by default (Segment sends BOTH_…, §1.1). */
  customerFileSource: z.enum(CUSTOMER_FILE_SOURCES).default("USER_PROVIDED_ONLY"),
  timeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
});
export const metaCredentialsSchema = z.object({
  /** System-user token with ads_management (does not expire, unlike 60-day user tokens). */
  accessToken: z.string().trim().min(1, "Access token is required"),
  /** When set, every call carries appsecret_proof + appsecret_time (§1.6). */
  appSecret: z.string().trim().min(1).optional(),
});
export type MetaSettings = z.output<typeof metaSettingsSchema>;
export type MetaCredentials = z.output<typeof metaCredentialsSchema>;
type Ctx = ConnectorContext<MetaSettings, MetaCredentials>;

async function graph<T>(
  ctx: Ctx,
  schema: z.ZodType<T>,
  what: string,
  req: { method: PlatformRequest["method"]; path: string; query?: Record<string, string>; json?: unknown },
) {
  const { accessToken, appSecret } = ctx.credentials;
  const now = Math.floor(Date.now() / 1000);
  const proof = appSecret ? { appsecret_proof: appSecretProof(accessToken, appSecret, now), appsecret_time: String(now) } : {};
  const res = await callPlatform(ctx, "Meta", {
    method: req.method,
    url: joinUrl(ctx.settings.apiBaseUrl, req.path, { ...req.query, ...proof }),
    headers: { authorization: `Bearer ${accessToken}` }, // Segment's form (§1.1 transport 3)
    json: req.json,
    timeoutMs: ctx.settings.timeoutMs,
    addressField: fieldLabel(metaSettingsSchema, "apiBaseUrl"),
  });
  if (!res.ok || (res.body && typeof res.body === "object" && "error" in res.body)) throw metaError(res);
  return { body: parseBody("Meta", schema, res, what), headers: res.headers };
}

const isRemovalRefused = (e: unknown): e is Error => isConnectorError(e) && e.details.platformCode === 2650;

const act = (ctx: Ctx) => `act_${ctx.settings.adAccountId}`;

async function findByName(ctx: Ctx, name: string) {
  let after: string | undefined;
  for (let page = 0; page < 100; page++) {
    const { body } = await graph(ctx, audienceListSchema, "the audience list", {
      method: "GET",
      path: `${act(ctx)}/customaudiences`,
      query: { fields: "id,name", limit: "500", ...(after ? { after } : {}) },
    });
    const hit = body.data.find((a) => a.name === name);
    if (hit) return hit;
    after = body.paging?.next ? body.paging.cursors?.after : undefined;
    if (!after) return undefined;
  }
  return undefined;
}

/** One or more /users calls of ≤10,000 rows, chained in an upload session (§1.4). */
async function upload(ctx: Ctx, audienceId: string, items: AudienceItem[], op: "add" | "remove"): Promise<BatchResult> {
  const built = buildRows(items);
  const results = new Map<string, ItemResult>(built.invalid.map((r) => [r.key, r]));
  const chunks = Math.ceil(built.rows.length / META_MAX_ROWS);
  // The engine's run position chains its batches into one session; a batch we have to split
  // ourselves (or a call outside a run) gets a session of its own.
  const runSession = ctx.batch && chunks === 1;
  const sessionId = metaSessionId(runSession ? `${ctx.batch!.runId}:${audienceId}:${op}` : randomUUID());
  const stats = {
    num_received: 0,
    num_invalid_entries: 0,
    requests: 0,
    usage_percent: null as number | null,
    session_id: String(sessionId),
  };
  for (let c = 0; c < chunks; c++) {
    const rows = built.rows.slice(c * META_MAX_ROWS, (c + 1) * META_MAX_ROWS);
    const keys = built.keys.slice(c * META_MAX_ROWS, (c + 1) * META_MAX_ROWS);
    const session: MetaSession = runSession
      ? {
          session_id: sessionId,
          batch_seq: ctx.batch!.seq,
          last_batch_flag: ctx.batch!.last,
          ...(ctx.batch!.estimatedTotal ? { estimated_num_total: ctx.batch!.estimatedTotal } : {}),
        }
      : { session_id: sessionId, batch_seq: c + 1, last_batch_flag: c === chunks - 1, estimated_num_total: built.rows.length };
    let answer;
    try {
      answer = await graph(ctx, usersResponseSchema, "the upload", {
        method: op === "add" ? "POST" : "DELETE", // same params on both (PHP SDK createUser / deleteUsers, §1.1)
        path: `${audienceId}/users`,
        json: { payload: { schema: built.schema, data: rows }, session },
      });
    } catch (e) {
      // (#2650) on a removal: Meta refuses to shrink the audience below its minimum (§7 lesson).
      // The people stay in the audience, so each is reported refused, never as removed.
      if (op !== "remove" || !isRemovalRefused(e)) throw e;
      for (const key of keys) results.set(key, { key, status: "failed", code: REMOVAL_REFUSED, message: e.message });
      continue;
    }
    const { body, headers } = answer;
    stats.requests++;
    stats.num_received += body.num_received;
    stats.num_invalid_entries += body.num_invalid_entries;
    stats.usage_percent = metaUsagePercent(headers) ?? stats.usage_percent;
    // Meta only samples the bad values; map each sample back to the rows that carry it.
    const samples = body.invalid_entry_samples && !Array.isArray(body.invalid_entry_samples) ? body.invalid_entry_samples : {};
    for (const [value, reason] of Object.entries(samples)) {
      rows.forEach((row, i) => {
        if (row.includes(value)) results.set(keys[i]!, { key: keys[i]!, status: "invalid", code: "meta_invalid_entry", message: reason });
      });
    }
  }
  return {
    items: items.map((i) => results.get(i.key) ?? { key: i.key, status: "ok" }),
    request: {
      method: op === "add" ? "POST" : "DELETE",
      path: `/${audienceId}/users`,
      schema: built.schema,
      rows: built.rows.length,
      requests: chunks,
      session_id: String(sessionId),
    },
    response: { num_received: stats.num_received, num_invalid_entries: stats.num_invalid_entries },
    stats,
  };
}

export const metaConnector: Connector<MetaSettings, MetaCredentials> = {
  kind: "meta",
  label: "Meta Custom Audiences",
  settingsSchema: metaSettingsSchema,
  credentialsSchema: metaCredentialsSchema,
  addressSettings: ["apiBaseUrl"],
  maxBatchSize: META_MAX_ROWS,
  supportedIdentifiers: ["email", "phone", "external_id"],
  visibilityDelayHours: 24, // "membership changes can take up to 24 hours" (§1.4)
  minimumAudienceSize: 100,

  async testConnection(ctx) {
    try {
      const { body } = await graph(ctx, adAccountSchema, "the ad account", {
        method: "GET",
        path: act(ctx),
        query: { fields: "id,name,account_status,tos_accepted" },
      });
      if (body.account_status === 2 || body.account_status === 101) {
        return {
          ok: false,
          kind: "config",
          message: `Meta: ad account ${act(ctx)} is ${body.account_status === 2 ? "disabled" : "closed"}.`,
          hint: "Use an active ad account, or resolve the account's status in Ads Manager.",
        };
      }
      if (body.tos_accepted && body.tos_accepted.custom_audience_tos !== 1) {
        return {
          ok: false,
          kind: "terms",
          message: `Meta: the Custom Audience terms have not been accepted for ${act(ctx)}.`,
          hint: `Accept them at https://www.facebook.com/customaudiences/app/tos/?act=${ctx.settings.adAccountId}, then test again.`,
        };
      }
      // Reading the audiences exercises the permission a sync actually needs.
      await graph(ctx, audienceListSchema, "the audience list", {
        method: "GET",
        path: `${act(ctx)}/customaudiences`,
        query: { fields: "id", limit: "1" },
      });
      return { ok: true, detail: `Connected to ${body.name ?? act(ctx)} (${act(ctx)}).` };
    } catch (e) {
      return connectionFailure(
        e,
        `Check the ${fieldLabel(metaSettingsSchema, "adAccountId")} and the ${fieldLabel(metaCredentialsSchema, "accessToken")} (a system-user token).`,
      );
    }
  },

  async ensureAudience(ctx, audience) {
    if (audience.existingId) {
      try {
        const { body } = await graph(ctx, audienceFieldsSchema, "the audience", {
          method: "GET",
          path: audience.existingId,
          query: { fields: "id,name" },
        });
        // Segment's check: the id that comes back must be the one asked for (§6.1).
        if (body.id === audience.existingId) return { id: body.id, name: body.name ?? audience.name, created: false };
      } catch (e) {
        if (!isConnectorError(e) || e.kind !== "permanent") throw e; // gone or not shared: find or recreate
      }
    }
    const found = await findByName(ctx, audience.name);
    if (found) return { id: found.id, name: found.name ?? audience.name, created: false };
    const { body } = await graph(ctx, createdSchema, "the new audience", {
      method: "POST",
      path: `${act(ctx)}/customaudiences`,
      json: {
        name: audience.name,
        subtype: "CUSTOM",
        customer_file_source: ctx.settings.customerFileSource,
        ...(audience.description ? { description: audience.description } : {}),
      },
    });
    return { id: body.id, name: audience.name, created: true };
  },

  addMembers: (ctx, audienceId, items) => upload(ctx, audienceId, items, "add"),
  removeMembers: (ctx, audienceId, items) => upload(ctx, audienceId, items, "remove"),

  async getAudienceStats(ctx, audienceId) {
    const { body } = await graph(ctx, audienceFieldsSchema, "the audience", {
      method: "GET",
      path: audienceId,
      query: {
        fields: "id,name,approximate_count_lower_bound,approximate_count_upper_bound,operation_status,delivery_status,time_content_updated",
      },
    });
    // -1 while the size is not computed yet or too small to show (§1.7).
    const bound = (v: number | undefined) => (v === undefined || v < 0 ? null : v);
    const lower = bound(body.approximate_count_lower_bound);
    const upper = bound(body.approximate_count_upper_bound);
    return {
      size: null,
      sizeLowerBound: lower,
      sizeUpperBound: upper,
      status: lower === null ? "calculating" : (body.operation_status?.description ?? body.delivery_status?.description ?? "ready"),
      raw: body,
    };
  },
};
