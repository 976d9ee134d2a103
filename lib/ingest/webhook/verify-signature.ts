import { createHmac, timingSafeEqual } from "node:crypto";
import { CIO_WEBHOOK_TOLERANCE_SECONDS } from "@/lib/ingest/limits";

// Customer.io reporting-webhook signatures (destination-contracts.md §4.1):
//   X-CIO-Signature = hex(HMAC-SHA256(signing key, "v0:" + X-CIO-Timestamp + ":" + raw body))
// Bare lowercase hex, no "v0=" prefix. Computed over the raw bytes before any JSON parsing,
// compared in constant time, and refused when the timestamp is outside the tolerance window
// (a captured request cannot be replayed later).

export function cioSignature(signingKey: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac("sha256", signingKey).update(`v0:${timestamp}:`).update(rawBody).digest("hex");
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifyCioSignature(input: {
  signingKey: string;
  timestamp: string | null;
  signature: string | null;
  rawBody: Buffer;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): SignatureCheck {
  const { signingKey, timestamp, signature, rawBody } = input;
  if (!timestamp || !signature) return { ok: false, reason: "Missing X-CIO-Timestamp or X-CIO-Signature header." };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "X-CIO-Timestamp must be unix seconds." };
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const tolerance = input.toleranceSeconds ?? CIO_WEBHOOK_TOLERANCE_SECONDS;
  if (Math.abs(now - Number(timestamp)) > tolerance) {
    return {
      ok: false,
      reason: `X-CIO-Timestamp is more than ${tolerance} seconds from the current time; refusing a stale or replayed request.`,
    };
  }
  if (!/^[0-9a-f]{64}$/i.test(signature.trim())) return { ok: false, reason: "X-CIO-Signature must be 64 hex characters (no prefix)." };
  const expected = createHmac("sha256", signingKey).update(`v0:${timestamp}:`).update(rawBody).digest();
  const given = Buffer.from(signature.trim(), "hex");
  return timingSafeEqual(expected, given)
    ? { ok: true }
    : { ok: false, reason: "Signature does not match; check the webhook signing key." };
}
