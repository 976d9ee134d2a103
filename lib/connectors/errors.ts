// Connector errors are typed by what the sync engine should do about them:
// - retryable: throttling (429, Meta 613/80003/17, TikTok 40100…), 5xx, timeouts. Back off and
//   retry; never counted as failure. `retryAfterMs` honours Retry-After / usage headers.
// - auth: expired token, missing permission, unaccepted terms. Pause the sync and say why.
// - payload: the whole request was refused as malformed (a bug on our side, or an oversize batch).
// - permanent: the batch can never succeed as sent (audience deleted, account disabled).
// Per-item rejections (an invalid hash, a bad phone) are NOT errors: they come back as item
// results with status "invalid".
export type ConnectorErrorKind = "retryable" | "auth" | "payload" | "permanent";
export type AuthReason = "credentials" | "permission" | "terms";

export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly details: {
      status?: number;
      platformCode?: string | number;
      retryAfterMs?: number;
      hint?: string;
      body?: unknown;
      /** For kind "auth": what the user has to fix (bad/expired credentials, a missing permission, unaccepted terms). */
      authReason?: AuthReason;
    } = {},
  ) {
    super(message);
    this.name = "ConnectorError";
  }
}

export const isConnectorError = (e: unknown): e is ConnectorError => e instanceof ConnectorError;

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
