import { createHash } from "node:crypto";
import pg from "pg";
import { z } from "zod";
import { connectionFailure } from "@/lib/connectors/connection-test";
import type { AudienceItem, BatchResult, Connector, ConnectorContext } from "@/lib/connectors/contract";
import { warehouseError } from "@/lib/connectors/warehouse/errors";
import { egressSocket } from "@/lib/egress/egress-socket";
import { addSql, ddl, removeSql, tables, upsertAudienceSql, type Tables } from "@/lib/connectors/warehouse/sql";

// Warehouse destination: audience membership written to tables in any Postgres the user names
// (its own connection string, never the app's database handle). Pure I/O like every connector:
// items in, per-item results out; the engine owns diffing and retries.

const IDENT = /^[a-z_][a-z0-9_]{0,47}$/;

export const warehouseSettingsSchema = z.object({
  schema: z
    .string()
    .trim()
    .regex(IDENT, "Lowercase letters, digits and _, starting with a letter")
    .default("downstream")
    .meta({ title: "Schema", description: "Created if missing." }),
  tablePrefix: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{0,20}$/, "Lowercase letters, digits and _")
    .default("")
    .meta({ title: "Table prefix", description: "Optional, e.g. “ds_” gives ds_audience_members." }),
  batchSize: z.number().int().min(1).max(10_000).default(5_000).meta({ title: "Batch size", description: "Rows per write, up to 10,000." }),
  timeoutMs: z
    .number()
    .int()
    .min(1_000)
    .max(300_000)
    .default(60_000)
    .meta({ title: "Timeout (ms)", description: "Statement and connection timeout." }),
  hashedOnly: z
    .boolean()
    .default(false)
    .meta({ title: "Store hashes only", description: "Leave out raw email and phone; store their SHA-256 only." }),
});
export const warehouseCredentialsSchema = z.object({
  connectionString: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, "A postgres:// connection string")
    .meta({ title: "Connection string", description: "postgresql://user:password@host:5432/database (add ?sslmode=require for TLS)." }),
});
export type WarehouseSettings = z.output<typeof warehouseSettingsSchema>;
export type WarehouseCredentials = z.output<typeof warehouseCredentialsSchema>;
type Ctx = ConnectorContext<WarehouseSettings, WarehouseCredentials>;

// One small pool per warehouse (keyed by a hash, so the secret is not a map key in a heap dump).
const pools = new Map<string, pg.Pool>();
const ensured = new Set<string>();

function poolFor(ctx: Ctx): pg.Pool {
  const key = createHash("sha256").update(`${ctx.credentials.connectionString}|${ctx.settings.timeoutMs}`).digest("hex");
  let p = pools.get(key);
  if (!p) {
    // Every connection goes through the egress policy at connect time (a warehouse on the
    // private network needs EGRESS_ALLOW), so a connection string cannot reach the app's own
    // database or anything else internal.
    p = new pg.Pool({
      connectionString: ctx.credentials.connectionString,
      stream: egressSocket,
      max: 4,
      idleTimeoutMillis: 10_000,
      connectionTimeoutMillis: ctx.settings.timeoutMs,
      statement_timeout: ctx.settings.timeoutMs,
    });
    p.on("error", () => {}); // an idle client dying is not our caller's error; the next query reconnects
    pools.set(key, p);
  }
  return p;
}

export async function closeWarehousePools() {
  const all = [...pools.values()];
  pools.clear();
  ensured.clear();
  await Promise.allSettled(all.map((p) => p.end()));
}

async function withClient<T>(ctx: Ctx, fn: (c: pg.PoolClient, t: Tables) => Promise<T>): Promise<T> {
  const t = tables(ctx.settings.schema, ctx.settings.tablePrefix);
  try {
    const client = await poolFor(ctx).connect();
    try {
      return await fn(client, t);
    } finally {
      client.release();
    }
  } catch (e) {
    throw warehouseError(e);
  }
}

/** CREATE … IF NOT EXISTS under a lock, so two workers creating the same tables cannot collide. */
async function ensureTables(c: pg.PoolClient, t: Tables, commit: boolean) {
  // By hand, not lib/db's transactionOn: a connector imports only lib/connectors, lib/egress and lib/crypto.
  await c.query("BEGIN");
  try {
    await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`downstream-warehouse:${t.members}`]);
    for (const stmt of ddl(t)) await c.query(stmt);
    await c.query(commit ? "COMMIT" : "ROLLBACK");
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  }
}

const ensuredKey = (ctx: Ctx, t: Tables) => `${ctx.credentials.connectionString}|${t.members}`;

async function ready(ctx: Ctx, c: pg.PoolClient, t: Tables) {
  if (ensured.has(ensuredKey(ctx, t))) return;
  await ensureTables(c, t, true);
  ensured.add(ensuredKey(ctx, t));
}

/** Someone dropped our tables or schema since we created them: create them again, once. */
async function recreatingDropped<T>(ctx: Ctx, c: pg.PoolClient, t: Tables, fn: () => Promise<T>): Promise<T> {
  await ready(ctx, c, t);
  try {
    return await fn();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== "42P01" && code !== "3F000") throw e;
    ensured.delete(ensuredKey(ctx, t));
    await ready(ctx, c, t);
    return fn();
  }
}

const delivery = (ctx: Ctx, op: string) => (ctx.batch ? `${ctx.batch.runId}:${op}:${ctx.batch.seq}` : null);

async function write(ctx: Ctx, audienceId: string, items: AudienceItem[], op: "add" | "remove"): Promise<BatchResult> {
  const hashedOnly = ctx.settings.hashedOnly;
  const plain = (v: { prehashed?: boolean } | null | undefined, value: string | undefined) =>
    !hashedOnly && v && !v.prehashed && value ? value : null;
  const changed = await withClient(ctx, async (c, t) => {
    const keys = items.map((i) => i.key);
    const res = await recreatingDropped(ctx, c, t, () =>
      op === "add"
        ? c.query(addSql(t), [
            audienceId,
            delivery(ctx, op),
            keys,
            items.map((i) => i.externalId ?? null),
            items.map((i) => plain(i.email, i.email?.normalized)),
            items.map((i) => i.email?.sha256 || null),
            items.map((i) => plain(i.phone, i.phone?.e164)),
            items.map((i) => i.phone?.sha256 || null),
          ])
        : c.query(removeSql(t), [audienceId, delivery(ctx, op), keys]),
    );
    return res.rowCount ?? 0;
  });
  return {
    items: items.map((i) => ({ key: i.key, status: "ok" })),
    request: { op, table: `${ctx.settings.schema}.${ctx.settings.tablePrefix}audience_members`, rows: items.length },
    // Rows that actually changed: fewer than sent when a batch is resent after a crash.
    response: { changed },
  };
}

export const warehouseConnector: Connector<WarehouseSettings, WarehouseCredentials> = {
  kind: "warehouse",
  label: "Warehouse (Postgres)",
  settingsSchema: warehouseSettingsSchema,
  credentialsSchema: warehouseCredentialsSchema,
  // The host is part of the connection string, itself a credential: it cannot change alone.
  addressSettings: [],
  maxBatchSize: 10_000,
  supportedIdentifiers: ["email", "phone", "external_id"],

  async testConnection(ctx) {
    try {
      return await withClient(ctx, async (c, t) => {
        const { rows } = await c.query<{ who: string; db: string }>("SELECT current_user AS who, current_database() AS db");
        // Creating the tables inside a rolled-back transaction proves the privileges a sync needs
        // without leaving anything behind.
        await ensureTables(c, t, false);
        return {
          ok: true as const,
          detail: `Connected to ${rows[0]!.db} as ${rows[0]!.who}; can create ${ctx.settings.schema}.${ctx.settings.tablePrefix}audience_members.`,
        };
      });
    } catch (e) {
      return connectionFailure(e, "Check the connection string and that the user may create tables in the schema.");
    }
  },

  async ensureAudience(ctx, audience) {
    const id = audience.existingId ?? audience.name;
    await withClient(ctx, async (c, t) => {
      await ready(ctx, c, t);
      await c.query(upsertAudienceSql(t), [id, audience.name]);
    });
    return { id, name: audience.name, created: false };
  },
  addMembers: (ctx, audienceId, items) => write(ctx, audienceId, items, "add"),
  removeMembers: (ctx, audienceId, items) => write(ctx, audienceId, items, "remove"),

  async getAudienceStats(ctx, audienceId) {
    const size = await withClient(ctx, async (c, t) => {
      await ready(ctx, c, t);
      const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.members} WHERE audience_id = $1`, [audienceId]);
      return rows[0]!.n;
    });
    return { size, status: "ready" };
  },

  async readMembers(ctx, audienceId, keys) {
    return withClient(ctx, async (c, t) => {
      await ready(ctx, c, t);
      const { rows } = await c.query<{ k: string }>(
        `SELECT member_key AS k FROM ${t.members} WHERE audience_id = $1 AND member_key = ANY($2::text[])`,
        [audienceId, keys],
      );
      return new Set(rows.map((r) => r.k));
    });
  },
};
