import { ConnectorError } from "@/lib/destinations/errors";

// Postgres errors in the connector contract's terms, by SQLSTATE (PostgreSQL docs, Appendix A).
const RETRYABLE_CODES = new Set(["40001", "40P01", "53300", "55P03", "57014", "57P01", "57P02", "57P03"]);
const RETRYABLE_NET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

export function warehouseError(e: unknown): ConnectorError {
  if (e instanceof ConnectorError) return e;
  const err = e as { code?: string; message?: string };
  const code = err?.code ?? "";
  const message = `Warehouse: ${err?.message ?? String(e)}`;
  const details = { platformCode: code || undefined };
  if (RETRYABLE_CODES.has(code) || RETRYABLE_NET.has(code) || code.startsWith("08") || /timeout|terminated|Connection terminated/i.test(err?.message ?? "")) {
    return new ConnectorError("retryable", message, { ...details, hint: "The database is busy or unreachable; the sync retries with backoff." });
  }
  if (code === "28P01" || code === "28000") {
    return new ConnectorError("auth", message, { ...details, authReason: "credentials", hint: "Check the user and password in the connection string." });
  }
  if (code === "42501") {
    return new ConnectorError("auth", message, { ...details, authReason: "permission", hint: "Grant the user CREATE on the database (or the schema) and write access to the tables." });
  }
  if (code === "ENOTFOUND" || code === "3D000") {
    return new ConnectorError("permanent", message, { ...details, hint: "Check the host and database name in the connection string." });
  }
  if (code.startsWith("22") || code.startsWith("23")) return new ConnectorError("payload", message, details);
  return new ConnectorError("permanent", message, details);
}
