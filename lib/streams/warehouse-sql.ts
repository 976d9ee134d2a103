import pg from "pg";
import type { ForwardedEvent } from "@/lib/streams/forwarded-event";

// The SQL a warehouse stream runs in the user's Postgres: one typed row per forwarded event, in the
// schema and table the user names (created if missing), keyed by the event id so a retried or
// replayed batch adds nothing twice. Analysts join it without casting, so every column is typed.

/** Same rule as the settings schema (stream-schemas.ts), checked again here: these are spliced into SQL. */
const IDENT = /^[a-z_][a-z0-9_]{0,47}$/;

export type EventColumn = { name: string; sqlType: string; /** as format_type() prints it */ shownType: string; notNull: boolean };

const col = (name: string, sqlType: "text" | "timestamptz" | "jsonb", notNull = false): EventColumn => ({
  name,
  sqlType,
  shownType: sqlType === "timestamptz" ? "timestamp with time zone" : sqlType,
  notNull,
});

/** The columns Downstream writes, in table order (forwarded_at, filled by the database, comes last). */
export const EVENT_COLUMNS: EventColumn[] = [
  col("event_id", "text", true),
  col("name", "text", true),
  col("occurred_at", "timestamptz", true),
  col("received_at", "timestamptz", true),
  col("person_external_id", "text"),
  col("person_anonymous_id", "text"),
  col("email", "text"),
  col("phone", "text"),
  col("email_sha256", "text"),
  col("phone_sha256", "text"),
  col("campaign_id", "text"),
  col("message_id", "text"),
  col("journey_id", "text"),
  col("action_id", "text"),
  col("variation", "text"),
  col("sent_at", "timestamptz"),
  col("channel", "text"),
  col("link", "text"),
  col("reason", "text"),
  col("properties", "jsonb", true),
];
export const FORWARDED_AT: EventColumn = col("forwarded_at", "timestamptz", true);
/** Every column the table must have, with its type: what an existing table is checked against. */
export const REQUIRED_COLUMNS: EventColumn[] = [...EVENT_COLUMNS, FORWARDED_AT];

export type EventTable = {
  schemaName: string;
  tableName: string;
  /** schema.table as a marketer reads it (both are plain lowercase identifiers). */
  shown: string;
  schema: string;
  qualified: string;
  byName: string;
  byCampaign: string;
};

export const isIdentifier = (s: string) => IDENT.test(s);

/**
 * Quoted names for the stream's table. Callers check isIdentifier first; this throws rather than
 * quote something the settings schema would have refused. Index names take no schema (an index
 * lives in its table's schema) and stay within Postgres's 63 characters (table names are ≤ 48).
 */
export function eventTable(schemaName: string, tableName: string): EventTable {
  if (!isIdentifier(schemaName) || !isIdentifier(tableName)) throw new Error("Invalid schema or table name");
  const q = pg.escapeIdentifier;
  return {
    schemaName,
    tableName,
    shown: `${schemaName}.${tableName}`,
    schema: q(schemaName),
    qualified: `${q(schemaName)}.${q(tableName)}`,
    byName: q(`${tableName}_by_name_time`),
    byCampaign: q(`${tableName}_by_campaign`),
  };
}

export const createSchemaSql = (t: EventTable) => `CREATE SCHEMA IF NOT EXISTS ${t.schema}`;

export const createTableSql = (t: EventTable) => [
  `CREATE TABLE IF NOT EXISTS ${t.qualified} (
    ${EVENT_COLUMNS.map((c) => `${c.name} ${c.sqlType}${c.name === "event_id" ? " PRIMARY KEY" : c.notNull ? " NOT NULL" : ""}`).join(",\n    ")},
    forwarded_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE INDEX IF NOT EXISTS ${t.byName} ON ${t.qualified} (name, occurred_at)`,
  `CREATE INDEX IF NOT EXISTS ${t.byCampaign} ON ${t.qualified} (campaign_id)`,
];

/** $1 schema, $2 table. One row per live column (none when the relation is missing), with the relation's kind. */
export const describeTableSql = `
  SELECT c.relkind::text AS kind, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
         a.attnotnull AS not_null, (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '') AS has_default,
         EXISTS (
           SELECT 1 FROM pg_index i
           WHERE i.indrelid = c.oid AND i.indisunique AND i.indpred IS NULL AND i.indnkeyatts = 1 AND i.indkey[0] = a.attnum
         ) AS unique_alone
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  WHERE n.nspname = $1 AND c.relname = $2
  ORDER BY a.attnum`;

export const schemaExistsSql = `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists`;

/**
 * $1: a JSON array of rows (toRows). One statement for the whole batch; ON CONFLICT makes a resent
 * batch a no-op for the events already stored. RETURNING nothing: rowCount is the rows added.
 */
export const insertSql = (t: EventTable) => {
  const names = EVENT_COLUMNS.map((c) => c.name).join(", ");
  const defs = EVENT_COLUMNS.map((c) => `${c.name} ${c.sqlType}`).join(", ");
  return `INSERT INTO ${t.qualified} (${names})
  SELECT ${names} FROM json_to_recordset($1::json) AS r(${defs})
  ON CONFLICT (event_id) DO NOTHING`;
};

/** A forwarded event as one row of the table, keyed by column name (person flattened). */
export function toRow(e: ForwardedEvent): Record<string, unknown> {
  return {
    event_id: e.id,
    name: e.name,
    occurred_at: e.occurred_at,
    received_at: e.received_at,
    person_external_id: e.person.external_id,
    person_anonymous_id: e.person.anonymous_id,
    email: e.person.email,
    phone: e.person.phone,
    email_sha256: e.person.email_sha256,
    phone_sha256: e.person.phone_sha256,
    campaign_id: e.campaign_id,
    message_id: e.message_id,
    journey_id: e.journey_id,
    action_id: e.action_id,
    variation: e.variation,
    sent_at: e.sent_at,
    channel: e.channel,
    link: e.link,
    reason: e.reason,
    properties: e.properties ?? {},
  };
}
