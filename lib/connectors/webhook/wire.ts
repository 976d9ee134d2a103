import { z } from "zod";
import type { AudienceItem, BatchPosition, ItemResult } from "@/lib/connectors/contract";

// The webhook's JSON format (./README.md). One request per batch: every member of the batch with
// the identifiers the sync sends. Raw email and phone go only when the destination allows it.

export type WebhookEvent = "audience.members.added" | "audience.members.removed" | "ping";

export type WebhookMember = {
  key: string;
  external_id?: string;
  email?: string;
  email_sha256?: string;
  phone?: string;
  phone_sha256?: string;
};

export function toMember(item: AudienceItem, hashedOnly: boolean): WebhookMember {
  const m: WebhookMember = { key: item.key };
  if (item.externalId) m.external_id = item.externalId;
  if (item.email) {
    if (!hashedOnly && item.email.normalized && !item.email.prehashed) m.email = item.email.normalized;
    if (item.email.sha256) m.email_sha256 = item.email.sha256;
  }
  if (item.phone) {
    if (!hashedOnly && item.phone.e164 && !item.phone.prehashed) m.phone = item.phone.e164;
    if (item.phone.sha256) m.phone_sha256 = item.phone.sha256;
  }
  return m;
}

export function buildBody(
  event: WebhookEvent,
  audience: { id: string },
  items: AudienceItem[],
  hashedOnly: boolean,
  batch?: BatchPosition,
) {
  return {
    event,
    audience_id: audience.id,
    sent_at: new Date().toISOString(),
    ...(batch ? { batch: { run_id: batch.runId, seq: batch.seq, last: batch.last } } : {}),
    members: items.map((i) => toMember(i, hashedOnly)),
  };
}

/** Optional 2xx body: receivers list the members they refused; everything else counts as accepted. */
const responseSchema = z.object({
  rejected: z
    .array(z.object({ key: z.coerce.string(), reason: z.string().max(500).optional() }))
    .max(100_000)
    .optional(),
});

export function itemResults(items: AudienceItem[], body: unknown): ItemResult[] {
  const parsed = responseSchema.safeParse(body);
  const rejected = new Map((parsed.success ? (parsed.data.rejected ?? []) : []).map((r) => [r.key, r.reason]));
  return items.map((i) =>
    rejected.has(i.key)
      ? { key: i.key, status: "invalid" as const, code: "webhook_rejected", message: rejected.get(i.key) || "Rejected by the receiver" }
      : { key: i.key, status: "ok" as const },
  );
}
