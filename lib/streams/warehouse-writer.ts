import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import type { SendOutcome } from "@/lib/delivery/send-outcome";
import { transactionOn } from "@/lib/db";
import { egressSocket } from "@/lib/egress/egress-socket";
import type { ForwardedEvent } from "@/lib/streams/forwarded-event";
import {
  warehouseStreamCredentialsSchema,
  type WarehouseStreamCredentials,
  type WarehouseStreamSettings,
} from "@/lib/streams/stream-schemas";
import {
  createSchemaSql,
  createTableSql,
  describeTableSql,
  eventTable,
  insertSql,
  isIdentifier,
  REQUIRED_COLUMNS,
  schemaExistsSql,
  toRow,
  type EventTable,
} from "@/lib/streams/warehouse-sql";

// A warehouse stream's sender: one batch of forwarded events → one INSERT into the user's table, in
// any Postgres the user gives a connection string for. The ledger (lib/delivery) owns retries and
// ordering; this file only writes and says, in SendOutcome terms, what happened.
//
// Connecting works as audience sync's warehouse connector does (lib/connectors/warehouse): a small
// pool per connection string, keyed by a hash, every socket through the egress policy. Its error
// mapping (warehouseError) is not reused: it speaks ConnectorError, whose "retryable" folds together
// what the ledger must tell apart (throttled is not a failure; a timeout resends the batch whole;
// unreachable never reached the database), and the lint rules keep a platform's folder to
// lib/connectors. The SQLSTATE → meaning table is the same one (PostgreSQL docs, Appendix A).
// Messages are ours, never the server's: a server or socket message can quote the user, the
// database or the host's open ports, and a parse error can quote the connection string itself.

import {
  classify,
  codeOf,
  DUPLICATE_CODES,
  SHAPE_CODES,
  WarehouseProblem,
  type Stage,
  type WarehouseField,
} from "@/lib/streams/warehouse-problem";

export type { WarehouseField } from "@/lib/streams/warehouse-problem";
export type WarehouseCheck = { ok: true } | { ok: false; field: WarehouseField; message: string };

const pools = new Map<string, pg.Pool>();
/** Tables known to exist with the right shape, per pool: checked once, then only on an insert error. */
const ensured = new Set<string>();

function poolKey(settings: WarehouseStreamSettings, credentials: WarehouseStreamCredentials) {
  // Hashed, so the secret is not a map key in a heap dump.
  return createHash("sha256").update(`${credentials.connectionString}|${settings.timeoutMs}`).digest("hex");
}

function poolFor(key: string, settings: WarehouseStreamSettings, credentials: WarehouseStreamCredentials): pg.Pool {
  let p = pools.get(key);
  if (!p) {
    p = new pg.Pool({
      connectionString: credentials.connectionString,
      // The egress policy decides at connect time, against the resolved address: a connection string
      // cannot reach the app's own database or anything else internal unless EGRESS_ALLOW names it.
      stream: egressSocket,
      max: 4,
      idleTimeoutMillis: 10_000,
      // Connecting should be quick even when a write may take minutes: report an unreachable
      // warehouse within 30 s rather than holding the batch for the whole statement timeout.
      connectionTimeoutMillis: Math.min(settings.timeoutMs, 30_000),
      statement_timeout: settings.timeoutMs,
      // A backstop for a silent network (the server cannot enforce statement_timeout then).
      query_timeout: settings.timeoutMs + 5_000,
      application_name: "downstream-event-stream",
      keepAlive: true,
    });
    p.on("error", () => {}); // an idle client dying is nobody's request; the next query reconnects
    pools.set(key, p);
  }
  return p;
}

/** Ends every pool (tests, shutdown). The next write opens a new one. */
export async function closeWarehouseEventPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  ensured.clear();
  await Promise.allSettled(all.map((p) => p.end()));
}

/** Runs fn on a pooled client, classifying whatever goes wrong; a client whose connection broke is discarded. */
async function withClient<T>(
  settings: WarehouseStreamSettings,
  credentials: WarehouseStreamCredentials,
  t: EventTable,
  fn: (c: pg.PoolClient, key: string, at: (s: Stage) => void) => Promise<T>,
): Promise<T> {
  const key = poolKey(settings, credentials);
  let stage: Stage = "connect";
  let client: pg.PoolClient;
  try {
    client = await poolFor(key, settings, credentials).connect();
  } catch (e) {
    throw classify(e, "connect", t, settings);
  }
  let broken = false;
  try {
    return await fn(client, key, (s) => (stage = s));
  } catch (e) {
    const problem = classify(e, stage, t, settings);
    broken = problem.outcome.kind === "timeout" || problem.outcome.kind === "unreachable";
    throw problem;
  } finally {
    client.release(broken);
  }
}

type ColumnRow = {
  kind: string;
  name: string | null;
  type: string | null;
  not_null: boolean | null;
  has_default: boolean | null;
  unique_alone: boolean | null;
};

const describe = async (c: pg.PoolClient, t: EventTable) => (await c.query<ColumnRow>(describeTableSql, [t.schemaName, t.tableName])).rows;

const refuse = (message: string) => new WarehouseProblem({ kind: "failed", error: message, answered: false }, "table");

/**
 * An existing table must have every column with its type, and event_id unique on its own (what ON
 * CONFLICT needs). Downstream never alters a table: the person fixes it or picks another name.
 */
function verifyShape(rows: ColumnRow[], t: EventTable) {
  const kind = rows[0]!.kind;
  if (kind !== "r" && kind !== "p")
    throw refuse(`${t.shown} exists but is not a table (it is a view or similar); choose another table name.`);
  const have = new Map(rows.filter((r) => r.name).map((r) => [r.name!, r]));
  const missing = REQUIRED_COLUMNS.filter((c) => !have.has(c.name));
  if (missing.length) {
    const list = missing.map((c) => `${c.name} (${c.sqlType})`).join(", ");
    throw refuse(
      `${t.shown} has no column${missing.length > 1 ? "s" : ""} ${missing.map((c) => c.name).join(", ")}; add ${list} to it, or choose another table name (Downstream does not change a table it did not create).`,
    );
  }
  for (const c of REQUIRED_COLUMNS) {
    const got = have.get(c.name)!;
    if (got.type !== c.shownType) {
      throw refuse(`${t.shown} has column ${c.name} as ${got.type}, not ${c.shownType}; change it, or choose another table name.`);
    }
  }
  if (!have.get("event_id")!.unique_alone) {
    throw refuse(
      `${t.shown} has no primary key or unique index on event_id alone, which keeps each event stored once; add one, or choose another table name.`,
    );
  }
  const known = new Set(REQUIRED_COLUMNS.map((c) => c.name));
  const required = rows.find((r) => r.name && !known.has(r.name) && r.not_null && !r.has_default);
  if (required) {
    throw refuse(
      `${t.shown} has a required column ${required.name} (NOT NULL, no default) that Downstream does not fill; choose another table name.`,
    );
  }
}

/**
 * Creates the schema and table when missing, then checks the table's shape. Creation runs under an
 * advisory lock and re-reads after taking it, so two Downstream workers do not both create; anyone
 * else racing us shows up as a duplicate error, after which a second pass finds the table made.
 * Existence is read before any CREATE … IF NOT EXISTS, because Postgres checks the CREATE privilege
 * before IF NOT EXISTS: a user allowed only to insert into an existing table must not be refused.
 */
async function ensureTable(c: pg.PoolClient, t: EventTable, at: (s: Stage) => void) {
  for (let pass = 0; ; pass++) {
    try {
      at("describe");
      let rows = await describe(c, t);
      if (!rows.length) {
        await transactionOn(c, async () => {
          await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`downstream-event-stream:${t.shown}`]);
          if (!(await describe(c, t)).length) {
            if (!(await c.query<{ exists: boolean }>(schemaExistsSql, [t.schemaName])).rows[0]!.exists) {
              at("schema");
              await c.query(createSchemaSql(t));
            }
            at("create");
            for (const stmt of createTableSql(t)) await c.query(stmt);
          }
        });
        at("describe");
        rows = await describe(c, t);
      }
      verifyShape(rows, t);
      return;
    } catch (e) {
      if (pass === 0 && DUPLICATE_CODES.has(codeOf(e))) continue;
      throw e;
    }
  }
}

function tableOrProblem(settings: WarehouseStreamSettings): EventTable | WarehouseProblem {
  // The settings schema already refuses these; checked again because the names are spliced into SQL.
  if (!isIdentifier(settings.schema)) {
    return new WarehouseProblem(
      { kind: "failed", error: "The schema name may hold only lowercase letters, digits and _, starting with a letter.", answered: false },
      "schema",
    );
  }
  if (!isIdentifier(settings.table)) {
    return new WarehouseProblem(
      { kind: "failed", error: "The table name may hold only lowercase letters, digits and _, starting with a letter.", answered: false },
      "table",
    );
  }
  return eventTable(settings.schema, settings.table);
}

async function insert(c: pg.PoolClient, t: EventTable, events: ForwardedEvent[], at: (s: Stage) => void): Promise<number> {
  at("insert");
  const res = await c.query(insertSql(t), [JSON.stringify(events.map(toRow))]);
  return res.rowCount ?? 0;
}

/**
 * Writes one batch: every event in one INSERT, so the batch is stored whole or not at all, and
 * events already in the table (a retry, a replay) are skipped by event id. Never throws.
 */
export async function writeWarehouseEvents(
  settings: WarehouseStreamSettings,
  credentials: WarehouseStreamCredentials,
  events: ForwardedEvent[],
): Promise<SendOutcome> {
  const t = tableOrProblem(settings);
  if (t instanceof WarehouseProblem) return t.outcome;
  if (!events.length) return { kind: "delivered", excerpt: "No events to write." };
  try {
    const added = await withClient(settings, credentials, t, async (c, key, at) => {
      const memo = `${key}|${t.shown}`;
      if (!ensured.has(memo)) {
        await ensureTable(c, t, at);
        ensured.add(memo);
      }
      try {
        return await insert(c, t, events, at);
      } catch (e) {
        if (!SHAPE_CODES.has(codeOf(e))) throw e;
        // Dropped or changed since we checked: create it again, or say what is wrong with it now.
        ensured.delete(memo);
        await ensureTable(c, t, at);
        ensured.add(memo);
        return await insert(c, t, events, at);
      }
    });
    const skipped = events.length - added;
    return {
      kind: "delivered",
      excerpt: `${added} row${added === 1 ? "" : "s"} added to ${t.shown}${skipped ? `; ${skipped} already there` : ""}.`,
    };
  } catch (e) {
    return classify(e, "insert", t, settings).outcome;
  }
}

/**
 * Whether a stream can write where its settings say: connects, creates the schema and table if
 * missing (as the first write would), and tries the real insert in a transaction it rolls back.
 * Run when a stream is created or edited, so a stream that cannot write is refused naming the field.
 */
export async function checkWarehouse(settings: WarehouseStreamSettings, credentials: WarehouseStreamCredentials): Promise<WarehouseCheck> {
  const t = tableOrProblem(settings);
  if (t instanceof WarehouseProblem) return { ok: false, field: t.field, message: t.message };
  const creds = warehouseStreamCredentialsSchema.safeParse(credentials);
  if (!creds.success)
    return { ok: false, field: "connectionString", message: creds.error.issues[0]?.message ?? "Enter a connection string" };
  try {
    await withClient(settings, creds.data, t, async (c, key, at) => {
      ensured.delete(`${key}|${t.shown}`); // check afresh: the person may have just fixed the table
      await ensureTable(c, t, at);
      ensured.add(`${key}|${t.shown}`);
      const now = new Date().toISOString();
      const probe: ForwardedEvent = {
        id: `downstream_check_${randomBytes(8).toString("hex")}`,
        name: "downstream_check",
        occurred_at: now,
        received_at: now,
        person: { external_id: null, anonymous_id: null, email: null, phone: null, email_sha256: null, phone_sha256: null },
        campaign_id: null,
        message_id: null,
        journey_id: null,
        action_id: null,
        variation: null,
        sent_at: null,
        channel: null,
        link: null,
        reason: null,
        properties: {},
      };
      // By hand, not transactionOn: the probe is always rolled back, and a ROLLBACK failing after a good insert is ignored.
      await c.query("BEGIN");
      try {
        await insert(c, t, [probe], at);
      } finally {
        await c.query("ROLLBACK").catch(() => {});
      }
    });
    return { ok: true };
  } catch (e) {
    const p = classify(e, "insert", t, settings);
    return { ok: false, field: p.field, message: p.message };
  }
}
