import { createHash } from "node:crypto";

/**
 * A batch's webhook-id, derived from what it carries: the same messages always get the same id, so a
 * batch rebuilt after a crash or revived by a replay reaches the receiver under the id it already
 * knows. Standard Webhooks ids are opaque strings; `msg_` + 26 base32 characters (130 bits).
 */
export function batchIdFor(endpointId: string, deliveryIds: readonly string[]): string {
  const digest = createHash("sha256").update(endpointId).update("\n").update(deliveryIds.join(",")).digest();
  return `msg_${base32(digest).slice(0, 26)}`;
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

function base32(bytes: Buffer): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
