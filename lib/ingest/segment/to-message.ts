import type { IngestMessage } from "@/lib/ingest/message";
import type { SegmentMessage } from "@/lib/ingest/segment/schema";

// A validated Segment message -> the internal message. Every call is also kept as an event
// (type = the call) so a person's timeline shows identifies and aliases, and messageId dedupe
// covers all of them. Only identify traits describe the person: group traits describe a
// company and stay on the event.

const blankToNull = (v: string | null | undefined) => (v ? v : null);

/** Traits minus the identifiers we store in their own columns. */
function splitTraits(traits: Record<string, unknown> | undefined) {
  if (!traits) return { traits: undefined, email: undefined, phone: undefined };
  const { email, phone, ...rest } = traits;
  return {
    traits: rest,
    email: typeof email === "string" ? email : email == null ? undefined : String(email),
    phone: typeof phone === "string" ? phone : phone == null ? undefined : String(phone),
  };
}

function eventName(m: SegmentMessage): string {
  switch (m.type) {
    case "track":
      return m.event;
    case "page":
    case "screen":
      return m.name || m.type;
    default:
      return m.type;
  }
}

function eventProperties(m: SegmentMessage): Record<string, unknown> {
  switch (m.type) {
    case "track":
      return m.properties ?? {};
    case "page":
    case "screen":
      return { ...(m.properties ?? {}), ...(m.name ? { name: m.name } : {}), ...(m.category ? { category: m.category } : {}) };
    case "identify":
      return { traits: m.traits ?? {} };
    case "group":
      return { groupId: m.groupId, traits: m.traits ?? {} };
    case "alias":
      return { previousId: m.previousId };
  }
}

export function segmentToMessage(m: SegmentMessage, receivedAt: Date): IngestMessage {
  // One object literal with every key (no spreads): this runs for every message of a batch.
  const identity = m.type === "identify" ? splitTraits(m.traits) : null;
  return {
    externalId: blankToNull(m.userId),
    anonymousId: blankToNull(m.anonymousId),
    email: identity?.email,
    phone: identity?.phone,
    traits: identity?.traits,
    previousId: m.type === "alias" ? blankToNull(m.previousId) : undefined,
    event: {
      type: m.type,
      name: eventName(m),
      properties: eventProperties(m),
      messageId: m.messageId ?? null,
      occurredAt: m.timestamp ? new Date(m.timestamp) : receivedAt,
    },
  };
}
