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

/** The request body as an object: the format's definition (`bodyJson` writes the same text faster). */
export function buildBody(
  event: WebhookEvent,
  audience: { id: string },
  items: AudienceItem[],
  hashedOnly: boolean,
  batch?: BatchPosition,
  sentAt = new Date(),
) {
  return {
    event,
    audience_id: audience.id,
    sent_at: sentAt.toISOString(),
    ...(batch ? { batch: { run_id: batch.runId, seq: batch.seq, last: batch.last } } : {}),
    members: items.map((i) => toMember(i, hashedOnly)),
  };
}

/** What JSON.stringify writes as it is: no quote, backslash, control character or surrogate to escape. */
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
const str = (v: string) => (PLAIN.test(v) ? `"${v}"` : JSON.stringify(v));

/**
 * `JSON.stringify(buildBody(...))`, character for character, written member by member: no object
 * per member and no second walk over them. A 10,000-member batch is 1.5 MB, built for every batch
 * of every run; the object graph and its stringify were most of the connector's CPU.
 */
export function bodyJson(
  event: WebhookEvent,
  audience: { id: string },
  items: AudienceItem[],
  hashedOnly: boolean,
  batch?: BatchPosition,
  sentAt = new Date(),
): string {
  const head = JSON.stringify(buildBody(event, audience, [], hashedOnly, batch, sentAt));
  let out = head.slice(0, -2); // up to and including the members' "["
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    // The same fields, order and conditions as toMember.
    out += i ? `,{"key":${str(item.key)}` : `{"key":${str(item.key)}`;
    if (item.externalId) out += `,"external_id":${str(item.externalId)}`;
    const e = item.email;
    if (e) {
      if (!hashedOnly && e.normalized && !e.prehashed) out += `,"email":${str(e.normalized)}`;
      if (e.sha256) out += `,"email_sha256":${str(e.sha256)}`;
    }
    const p = item.phone;
    if (p) {
      if (!hashedOnly && p.e164 && !p.prehashed) out += `,"phone":${str(p.e164)}`;
      if (p.sha256) out += `,"phone_sha256":${str(p.sha256)}`;
    }
    out += "}";
  }
  return `${out}]}`;
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
  // The usual answer refuses nobody: every member ok, without a lookup each.
  if (!parsed.success || !parsed.data.rejected?.length) return items.map((i) => ({ key: i.key, status: "ok" as const }));
  const rejected = new Map(parsed.data.rejected.map((r) => [r.key, r.reason]));
  return items.map((i) =>
    rejected.has(i.key)
      ? { key: i.key, status: "invalid" as const, code: "webhook_rejected", message: rejected.get(i.key) || "Rejected by the receiver" }
      : { key: i.key, status: "ok" as const },
  );
}
