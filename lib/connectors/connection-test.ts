import type { ConnectionTest } from "@/lib/connectors/contract";
import { isConnectorError } from "@/lib/connectors/errors";

// testConnection answers in the user's terms: which of credentials, permission, terms, network or
// configuration is wrong, in the platform's own words, with what to do about it.
export function connectionFailure(e: unknown, fallbackHint: string): Extract<ConnectionTest, { ok: false }> {
  if (!isConnectorError(e)) throw e;
  const hint = e.details.hint ?? fallbackHint;
  if (e.kind === "auth") {
    const kind = e.details.authReason === "terms" ? "terms" : e.details.authReason === "permission" ? "permission" : "auth";
    return { ok: false, kind, message: e.message, hint };
  }
  if (e.kind === "retryable") return { ok: false, kind: "network", message: e.message, hint };
  return { ok: false, kind: "config", message: e.message, hint };
}
