import { createHmac } from "node:crypto";
import { signatureHeaders, WEBHOOK_ID_HEADER } from "@/lib/delivery/signing";
import type { ActionSigning } from "@/lib/webhook-actions/action-schemas";

// The headers that sign one webhook-action request with the user's own key. `webhook-id` (the
// ledger's batch id, the same on every retry) goes out in every mode: it is the receiver's
// idempotency key.
//   standard: Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature), lib/delivery/signing.ts.
//   header:   the chosen header carries the hex HMAC-SHA256 of the body, keyed with the signing key
//             exactly as shown to the user (the whole "whsec_…" string), the scheme most receivers
//             already verify (Shopify-, GitHub-style) without knowing about the whsec_ prefix.

export function signActionRequest(
  signing: ActionSigning,
  signingKey: string | undefined,
  webhookId: string,
  body: string,
  now = Date.now(),
): Record<string, string> {
  if (signing.mode === "none" || !signingKey) return { [WEBHOOK_ID_HEADER]: webhookId };
  if (signing.mode === "standard") return signatureHeaders("standard", [signingKey], webhookId, Math.floor(now / 1000), body);
  return { [WEBHOOK_ID_HEADER]: webhookId, [signing.header.toLowerCase()]: hmacHex(signingKey, body) };
}

/** What a receiver computes in header mode: hex HMAC-SHA256 of the raw body with the key as given. */
export function hmacHex(key: string, body: string): string {
  return createHmac("sha256", key).update(body, "utf8").digest("hex");
}
