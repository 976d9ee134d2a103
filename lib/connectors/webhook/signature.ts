import { createHmac } from "node:crypto";
import { safeEqual } from "@/lib/crypto";

// Webhook signing (documented for receivers in ./README.md). The signature covers the timestamp
// as well as the body, so a captured request cannot be replayed later with a fresh timestamp.

export const SIGNATURE_HEADER = "x-downstream-signature";
export const TIMESTAMP_HEADER = "x-downstream-timestamp";
export const EVENT_HEADER = "x-downstream-event";
export const DELIVERY_HEADER = "x-downstream-delivery";

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`; "v1" leaves room to rotate the scheme. */
export function signWebhook(secret: string, timestamp: number, body: string | Uint8Array): string {
  // Fed in pieces: no copy of a megabyte body just to put the timestamp in front of it.
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex")}`;
}

/**
 * What a receiver does: recompute and compare in constant time, and refuse stale timestamps
 * (default 5 minutes) so a replayed request fails even with a valid signature.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: { timestamp: string | null | undefined; signature: string | null | undefined },
  body: string,
  opts: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts)) return false;
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  if (Math.abs(now - ts) > (opts.toleranceSeconds ?? 300)) return false;
  return safeEqual(signWebhook(secret, ts, body), headers.signature);
}
