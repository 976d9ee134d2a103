import { randomBytes } from "node:crypto";

// Source credentials. Shapes follow what each client expects to hold: a Segment write key is
// an opaque string; Customer.io site ids and Track API keys are hex strings. All are random.

export const newWriteKey = () => `wk_${randomBytes(18).toString("base64url")}`;
export const newSiteId = () => randomBytes(10).toString("hex");
export const newCioApiKey = () => randomBytes(16).toString("hex");

/** `Authorization: Basic base64(user:password)` -> its parts, or null when absent or malformed. */
export function parseBasicAuth(header: string | null): { user: string; password: string } | null {
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The start of a secret, for lists and the audit log. */
export const secretPrefix = (value: string) => `${value.slice(0, 7)}…`;
