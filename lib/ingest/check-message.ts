import { unstorableReason } from "@/lib/ingest/json-guard";
import { MAX_EMAIL_LENGTH, MAX_ID_LENGTH, MAX_NAME_LENGTH, MAX_PHONE_LENGTH } from "@/lib/ingest/limits";
import type { IngestMessage } from "@/lib/ingest/message";

// The last check every protocol runs on a mapped message before it joins a batch: every
// identifier and name has a length limit and must be storable text. These values are keys of
// btree indexes (external id, anonymous id, message id, event name, raw invalid email/phone)
// or query parameters, so one oversized or NUL-bearing value would otherwise fail the whole
// batch's INSERT (or, through Prisma's same-tick findUnique batching, a concurrent request).
// JSON bodies (traits, properties) are screened by json-guard; this covers the scalar fields.

export type MessageField = "externalId" | "anonymousId" | "previousId" | "email" | "phone" | "eventName" | "messageId";

export type MessageProblem = { field: MessageField; error: string };

const LIMITS: Record<MessageField, number> = {
  externalId: MAX_ID_LENGTH,
  anonymousId: MAX_ID_LENGTH,
  previousId: MAX_ID_LENGTH,
  email: MAX_EMAIL_LENGTH,
  phone: MAX_PHONE_LENGTH,
  eventName: MAX_NAME_LENGTH,
  // Namespaced ids ("cio:<id>", "cio-webhook:<id>") may add a short prefix to a 255-character id.
  messageId: MAX_ID_LENGTH + 20,
};

function problemWith(field: MessageField, value: string | null | undefined): MessageProblem | null {
  if (typeof value !== "string") return null;
  if (value.length > LIMITS[field])
    return { field, error: `is ${value.length.toLocaleString("en-US")} characters; the limit is ${LIMITS[field]}` };
  const reason = unstorableReason(value);
  return reason ? { field, error: reason } : null;
}

/** The first field of a message that cannot be stored, or null when the message is fine. */
export function messageProblem(m: IngestMessage): MessageProblem | null {
  return (
    problemWith("externalId", m.externalId) ??
    problemWith("anonymousId", m.anonymousId) ??
    problemWith("previousId", m.previousId) ??
    problemWith("email", m.email) ??
    problemWith("phone", m.phone) ??
    problemWith("eventName", m.event?.name) ??
    problemWith("messageId", m.event?.messageId)
  );
}

/** A credential, id or path segment that can be looked up: non-empty storable text within `max` characters. */
export function isLookupKey(value: string | null | undefined, max = 1024): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= max && unstorableReason(value) === null;
}
