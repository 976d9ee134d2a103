import { MAX_ID_LENGTH, MAX_NAME_LENGTH } from "@/lib/ingest/limits";
import type { SegmentMessage } from "@/lib/ingest/segment/schema";

// The hot path of segmentMessageSchema for the messages nearly every batch consists of
// (identify, track, page, screen with well-formed fields): the same checks written out by hand,
// because zod's generic walk was the largest share of the route's own CPU after JSON.parse.
// It returns what segmentMessageSchema.safeParse would return as `data`, or null whenever it is
// not certain the message is valid (any other call, a missing or odd field): the caller then
// runs the schema itself, so every refused message keeps zod's exact error.
// fast-segment-message.test.ts compares the two on valid and invalid messages.

const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** An object z.record accepts and copies key for key: zod skips an own `__proto__` key, so those go to the schema. */
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !Object.hasOwn(v, "__proto__");

/** A value the fast path leaves to the schema (it may be valid or not). */
const UNSURE = Symbol("unsure");

function optionalId(v: unknown): string | null | undefined | typeof UNSURE {
  if (v === undefined || v === null) return v;
  if (typeof v === "string") {
    const s = v.trim();
    return s.length <= MAX_ID_LENGTH ? s : UNSURE;
  }
  return typeof v === "number" && Number.isFinite(v) ? String(v).trim() : UNSURE;
}

const optionalName = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.length <= MAX_NAME_LENGTH);

export function fastSegmentMessage(item: Record<string, unknown>): SegmentMessage | null {
  const type = item.type;
  if (type !== "track" && type !== "identify" && type !== "page" && type !== "screen") return null;
  const userId = optionalId(item.userId);
  const anonymousId = optionalId(item.anonymousId);
  if (userId === UNSURE || anonymousId === UNSURE) return null;
  const { messageId, timestamp } = item;
  if (messageId !== undefined && (typeof messageId !== "string" || messageId.length < 1 || messageId.length > MAX_ID_LENGTH)) return null;
  if (timestamp !== undefined) {
    if (typeof timestamp !== "string") return null;
    const t = Date.parse(timestamp);
    if (!(Number.isFinite(t) && t > EARLIEST && t < LATEST)) return null;
  }
  // Keys the schema does not know are left out, as zod strips them; absent keys stay absent; the schema's key order.
  const m: Record<string, unknown> = {};
  if (userId !== undefined) m.userId = userId;
  if (anonymousId !== undefined) m.anonymousId = anonymousId;
  if (messageId !== undefined) m.messageId = messageId;
  if (timestamp !== undefined) m.timestamp = timestamp;
  m.type = type;
  if (type === "identify") {
    const { traits } = item;
    if (traits !== undefined) {
      if (!isRecord(traits)) return null;
      m.traits = traits;
    }
    return m as SegmentMessage;
  }
  if (type === "track") {
    const { event } = item;
    if (typeof event !== "string" || event.length < 1 || event.length > MAX_NAME_LENGTH) return null;
    m.event = event;
  } else {
    const { name, category } = item;
    if (!optionalName(name) || !optionalName(category)) return null;
    if (name !== undefined) m.name = name;
    if (category !== undefined) m.category = category;
  }
  const { properties } = item;
  if (properties !== undefined) {
    if (!isRecord(properties)) return null;
    m.properties = properties;
  }
  return m as SegmentMessage;
}
