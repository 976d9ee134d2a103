import type { SendOutcome } from "@/lib/delivery/send-outcome";
import { isEgressRefused } from "@/lib/egress/egress-policy";
import type { WarehouseStreamSettings } from "@/lib/streams/stream-schemas";
import type { EventTable } from "@/lib/streams/warehouse-sql";

// What went wrong writing to a user's warehouse, as a SendOutcome for the ledger plus the field a
// person fixes. Why this is not lib/connectors/warehouse's error mapping: see warehouse-writer.ts.

export type WarehouseField = "connectionString" | "schema" | "table";
export type WarehouseCheck = { ok: true } | { ok: false; field: WarehouseField; message: string };

export type NotDelivered = Exclude<SendOutcome, { kind: "delivered" }>;
export type Stage = "connect" | "schema" | "create" | "describe" | "insert";

export const CONNECTION_STRING = "Connection string"; // the credential's label on the stream form

/** A write that did not happen, with the outcome for the ledger and the field a person fixes. */
export class WarehouseProblem extends Error {
  constructor(
    readonly outcome: NotDelivered,
    readonly field: WarehouseField,
  ) {
    super(outcome.error);
  }
}

const NET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENETDOWN"]);
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME"]);
/** Too many connections, starting up / shutting down, conflicts that clear by themselves: slow down, not failure. */
const BUSY_CODES = new Set(["53300", "57P03", "57P01", "57P02", "40001", "40P01", "55P03"]);
/** The table changed under us since it was checked: check again (and create it again if dropped). */
export const SHAPE_CODES = new Set(["42P01", "3F000", "42703", "42804", "42P10"]);
/** Another worker created the same schema, table or index at the same moment. */
export const DUPLICATE_CODES = new Set(["42P06", "42P07", "42710", "23505"]);

export const codeOf = (e: unknown): string => String((e as { code?: unknown })?.code ?? "");
export const messageOf = (e: unknown): string => String((e as { message?: unknown })?.message ?? "");

export function classify(e: unknown, stage: Stage, t: EventTable | null, settings: WarehouseStreamSettings): WarehouseProblem {
  if (e instanceof WarehouseProblem) return e;
  const unreachable = (error: string) => new WarehouseProblem({ kind: "unreachable", error }, "connectionString");
  const failed = (error: string, field: WarehouseField, code: string, answered = false) =>
    new WarehouseProblem({ kind: "failed", error, answered, ...(code ? { excerpt: `SQLSTATE ${code}` } : {}) }, field);
  const table = t?.shown ?? "the table";

  if (isEgressRefused(e)) {
    return unreachable(
      `${e.message} Use the warehouse's public address in the ${CONNECTION_STRING}, or ask an operator to allow this host (EGRESS_ALLOW).`,
    );
  }
  const code = codeOf(e);
  const message = messageOf(e);
  if (DNS_CODES.has(code)) return unreachable(`The warehouse's host name was not found: check the host in the ${CONNECTION_STRING}.`);
  if (code === "28P01" || code === "28000") {
    return failed(`The warehouse refused the user name or password: check them in the ${CONNECTION_STRING}.`, "connectionString", code);
  }
  if (code === "3D000") return failed(`The database named in the ${CONNECTION_STRING} does not exist.`, "connectionString", code);
  if (BUSY_CODES.has(code)) {
    return new WarehouseProblem(
      {
        kind: "throttled",
        error: "The warehouse is busy (too many connections, or starting up); Downstream will try again shortly.",
        excerpt: `SQLSTATE ${code}`,
      },
      "connectionString",
    );
  }
  if (code === "57014") {
    return new WarehouseProblem(
      {
        kind: "timeout",
        error: `The warehouse did not finish writing to ${table} within ${settings.timeoutMs / 1000} s (the stream's timeout).`,
      },
      "table",
    );
  }
  // Before connecting, a network error means the database never saw the batch.
  const network = NET_CODES.has(code) || code.startsWith("08") || /timeout|terminated|closed|ended unexpectedly/i.test(message);
  const sqlstate = /^[0-9A-Z]{5}$/.test(code);
  if (stage === "connect" && (network || !sqlstate)) {
    if (code === "ECONNREFUSED")
      return unreachable(`The warehouse refused the connection: check the host and port in the ${CONNECTION_STRING}.`);
    if (/timeout/i.test(message) || code === "ETIMEDOUT") {
      return unreachable(`The warehouse did not answer in time: check the host and port in the ${CONNECTION_STRING}.`);
    }
    if (/ssl|tls|certificate/i.test(message)) {
      return unreachable(`Could not set up a secure connection to the warehouse: check sslmode in the ${CONNECTION_STRING}.`);
    }
    if (network) return unreachable(`Could not reach the warehouse: check the host and port in the ${CONNECTION_STRING}.`);
    return failed(
      `Downstream could not connect with the ${CONNECTION_STRING}: check its form (postgresql://user:password@host:5432/database).`,
      "connectionString",
      "",
    );
  }
  if (/query read timeout/i.test(message)) {
    return new WarehouseProblem(
      { kind: "timeout", error: `The warehouse did not answer within ${settings.timeoutMs / 1000} s (the stream's timeout).` },
      "connectionString",
    );
  }
  // After the statement was sent, a dropped connection leaves it unknown whether the rows were
  // committed: resend the batch whole (the insert is idempotent by event id).
  if (network) {
    return new WarehouseProblem(
      {
        kind: "timeout",
        error: "The connection to the warehouse dropped during the write; the batch is sent again (no event is stored twice).",
      },
      "connectionString",
    );
  }
  if (code === "42501") {
    if (stage === "schema") {
      return failed(
        `The warehouse user may not create the schema ${t?.schemaName}: create it, or grant the user CREATE on the database.`,
        "schema",
        code,
      );
    }
    if (stage === "create") {
      return failed(
        `The warehouse user may not create tables in the schema ${t?.schemaName}: grant it CREATE on the schema, or create ${table} yourself.`,
        "schema",
        code,
      );
    }
    return failed(`The warehouse user may not write to ${table}: grant it USAGE on the schema and INSERT on the table.`, "table", code);
  }
  // Data refused: the ledger may split the batch to find the one event the table will not take.
  if (code.startsWith("22") || code.startsWith("23"))
    return failed(`The warehouse refused an event's data (SQLSTATE ${code}).`, "table", code, true);
  if (sqlstate) return failed(`The warehouse answered with an error (SQLSTATE ${code}).`, "table", code);
  return failed("Could not write to the warehouse.", "table", "");
}
