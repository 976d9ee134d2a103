import { ConnectorError } from "@/lib/connectors/errors";
import { fieldLabel } from "@/lib/connectors/field-label";
import { isEgressRefused } from "@/lib/egress/egress-policy";
import { z } from "zod";

// Postgres errors in the connector contract's terms, by SQLSTATE (PostgreSQL docs, Appendix A).
// Messages are ours, never the server's or the socket's: a connection error's detail tells an
// editor which ports are open and a server message can quote the connection (user, database).
const RETRYABLE_CODES = new Set(["40001", "40P01", "53300", "55P03", "57014", "57P01", "57P02", "57P03"]);
const RETRYABLE_NET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

// The credentials schema lives in connector.ts, which imports this file: name the field by key.
const CONNECTION_STRING = fieldLabel(z.object({ connectionString: z.string().meta({ title: "Connection string" }) }), "connectionString");

export function warehouseError(e: unknown): ConnectorError {
  if (e instanceof ConnectorError) return e;
  if (isEgressRefused(e)) {
    return new ConnectorError("permanent", `Warehouse: ${e.message}`, {
      platformCode: "egress_refused",
      hint: `Use the warehouse's public address in the ${CONNECTION_STRING}, or ask an operator to allow this host (EGRESS_ALLOW).`,
    });
  }
  const err = e as { code?: string; message?: string };
  const code = err?.code ?? "";
  const details = { platformCode: code || undefined };
  if (
    RETRYABLE_CODES.has(code) ||
    RETRYABLE_NET.has(code) ||
    code.startsWith("08") ||
    /timeout|terminated|Connection terminated/i.test(err?.message ?? "")
  ) {
    return new ConnectorError("retryable", "Warehouse: could not reach the database, or it is busy.", {
      ...details,
      hint: `Check the host and port in the ${CONNECTION_STRING}; the sync retries with backoff.`,
    });
  }
  if (code === "28P01" || code === "28000") {
    return new ConnectorError("auth", "Warehouse: the database refused the user name or password.", {
      ...details,
      authReason: "credentials",
      hint: `Check the user and password in the ${CONNECTION_STRING}.`,
    });
  }
  if (code === "42501") {
    return new ConnectorError("auth", "Warehouse: the database user lacks a privilege the sync needs.", {
      ...details,
      authReason: "permission",
      hint: "Grant the user CREATE on the database (or the schema) and write access to the tables.",
    });
  }
  if (code === "ENOTFOUND" || code === "3D000") {
    return new ConnectorError(
      "permanent",
      code === "3D000" ? "Warehouse: the database does not exist." : "Warehouse: the host name was not found.",
      { ...details, hint: `Check the host and database name in the ${CONNECTION_STRING}.` },
    );
  }
  if (code.startsWith("22") || code.startsWith("23"))
    return new ConnectorError("payload", `Warehouse: the database refused the data (SQLSTATE ${code}).`, details);
  return new ConnectorError("permanent", `Warehouse: the database answered with an error${code ? ` (SQLSTATE ${code})` : ""}.`, details);
}
