import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// The one place webhook requests are signed (and, for tests and receivers, verified), per the
// Standard Webhooks spec (https://www.standardwebhooks.com):
//   webhook-signature = "v1," + base64(HMAC-SHA256(key, `${webhook-id}.${webhook-timestamp}.${body}`))
// where key is the base64-decoded part of the secret after "whsec_". Several signatures are sent
// space-separated, one per active secret, so a receiver that holds either the old or the new
// secret keeps verifying while a rotation is under way.
//
// Written over node:crypto rather than the `standardwebhooks` package because we sign with several
// secrets at once, add the Customer.io mode, and want verification to say *why* it refused (a
// receiver-side reason shown in tests and the local receiver) instead of throwing; the package is a
// dev dependency that the tests use to prove a stock receiver accepts what we send.

export const WEBHOOK_ID_HEADER = "webhook-id";
export const WEBHOOK_TIMESTAMP_HEADER = "webhook-timestamp";
export const WEBHOOK_SIGNATURE_HEADER = "webhook-signature";
export const CIO_TIMESTAMP_HEADER = "x-cio-timestamp";
export const CIO_SIGNATURE_HEADER = "x-cio-signature";

/** The spec's default: a receiver refuses a timestamp more than 5 minutes from its clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const SECRET_PREFIX = "whsec_";

export type SignatureMode = "standard" | "customerio";

/** A new signing secret: whsec_ + base64 of 32 random bytes (the form receivers' libraries expect). */
export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}

/** The HMAC key of a secret: the base64 after "whsec_" (a bare base64 secret is accepted too, as the spec's libraries do). */
function signingKey(secret: string): Buffer {
  const b64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(b64, "base64");
  // Buffer.from silently skips characters that are not base64; an empty key would sign with nothing.
  if (key.length === 0) throw new Error("A signing secret must be whsec_ followed by base64");
  return key;
}

function hmacStandard(key: Buffer, id: string, timestamp: number | string, body: string): Buffer {
  return createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body, "utf8").digest();
}

/** The `webhook-signature` header value: one `v1,<base64>` per secret, space-separated, in the order given (current first). */
export function signStandard(secrets: string[], id: string, timestamp: number, body: string): string {
  if (secrets.length === 0) throw new Error("At least one signing secret is needed to sign a webhook");
  return secrets.map((s) => `v1,${hmacStandard(signingKey(s), id, timestamp, body).toString("base64")}`).join(" ");
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export type StandardHeaders = {
  id: string | null | undefined;
  timestamp: string | number | null | undefined;
  signature: string | null | undefined;
};

/**
 * Receiver-side check: the timestamp is within `toleranceSeconds` of `now` (either way: a stale
 * request may be a replay, a future one a forged clock), and at least one `v1,` signature in the
 * header matches one of `secrets`, compared in constant time. `now` is milliseconds since the
 * epoch (Date.now() by default).
 */
export function verifyStandard(
  secrets: string[],
  headers: StandardHeaders,
  body: string,
  opts: { toleranceSeconds?: number; now?: number } = {},
): VerifyResult {
  const { id, signature } = headers;
  const timestamp = headers.timestamp === null || headers.timestamp === undefined ? "" : String(headers.timestamp);
  if (!id || !timestamp || !signature) return { ok: false, reason: "Missing webhook-id, webhook-timestamp or webhook-signature header." };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "webhook-timestamp must be unix seconds." };
  const tolerance = opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((opts.now ?? Date.now()) / 1000);
  const ts = Number(timestamp);
  if (ts < nowSeconds - tolerance)
    return { ok: false, reason: `webhook-timestamp is more than ${tolerance} s old; refusing a stale or replayed request.` };
  if (ts > nowSeconds + tolerance) return { ok: false, reason: `webhook-timestamp is more than ${tolerance} s in the future.` };

  const given = signature
    .split(" ")
    .filter((part) => part.startsWith("v1,"))
    .map((part) => Buffer.from(part.slice(3), "base64"));
  if (given.length === 0) return { ok: false, reason: "webhook-signature has no v1 signature." };

  const keys: Buffer[] = [];
  for (const s of secrets) {
    try {
      keys.push(signingKey(s));
    } catch {
      // An unusable secret verifies nothing; the others may still match.
    }
  }
  for (const key of keys) {
    const expected = hmacStandard(key, id, timestamp, body);
    for (const g of given) if (g.length === expected.length && timingSafeEqual(g, expected)) return { ok: true };
  }
  return { ok: false, reason: "No signature matches; check the signing secret." };
}

/**
 * Customer.io's reporting-webhook scheme (as lib/ingest/webhook/verify-signature.ts verifies it
 * inbound): hex HMAC-SHA256 of `v0:<timestamp>:<body>`. The key is the secret string as-is,
 * "whsec_" and all (Customer.io's receivers treat the signing key as an opaque string).
 */
export function signCustomerIo(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`v0:${timestamp}:`).update(body, "utf8").digest("hex");
}

/**
 * The headers that sign one request. `webhook-id` is sent in both modes: it is the receiver's
 * idempotency key (a retry resends the same id). Customer.io's scheme has room for one signature,
 * so in that mode only the current secret (the first) signs, also during a rotation.
 */
export function signatureHeaders(
  mode: SignatureMode,
  secrets: string[],
  id: string,
  timestamp: number,
  body: string,
): Record<string, string> {
  if (secrets.length === 0) throw new Error("At least one signing secret is needed to sign a webhook");
  if (mode === "customerio") {
    return {
      [WEBHOOK_ID_HEADER]: id,
      [CIO_TIMESTAMP_HEADER]: String(timestamp),
      [CIO_SIGNATURE_HEADER]: signCustomerIo(secrets[0], timestamp, body),
    };
  }
  return {
    [WEBHOOK_ID_HEADER]: id,
    [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
    [WEBHOOK_SIGNATURE_HEADER]: signStandard(secrets, id, timestamp, body),
  };
}
