import type { z } from "zod";
import { messageProblem, type MessageField } from "@/lib/ingest/check-message";
import { findJsonProblem, hasUnstorableEscape, jsonBytes, surelyWithinBytes, tooDeep } from "@/lib/ingest/json-guard";
import { MAX_JSON_DEPTH, SEGMENT_MAX_BATCH_MESSAGES, SEGMENT_MAX_MESSAGE_BYTES } from "@/lib/ingest/limits";
import type { IngestMessage, Rejection } from "@/lib/ingest/message";
import { fastSegmentMessage } from "@/lib/ingest/segment/fast-segment-message";
import { segmentBatchSchema, segmentMessageSchema, type SegmentCall, type SegmentMessage } from "@/lib/ingest/segment/schema";
import { segmentToMessage } from "@/lib/ingest/segment/to-message";

// Request body -> messages to store + per-message rejections. Follows the Segment HTTP API:
// malformed JSON and oversize messages fail the whole request with 400 (the client does not
// retry a 400); a message that is well-formed JSON but invalid (no userId or anonymousId,
// missing event name, bad timestamp) is refused on its own while the rest are stored.

export class SegmentRequestError extends Error {}

export type ParsedSegmentRequest = {
  writeKey: string | undefined;
  messages: IngestMessage[];
  /** Each message's position in the request (for rejections found later, at write time). */
  indexes: number[];
  rejections: Rejection[];
  total: number;
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SegmentRequestError(`Request body is not valid JSON: ${(e as Error).message}`);
  }
}

const describe = (index: number, item: unknown, batch: boolean) => {
  const id = messageIdOf(item);
  return `${batch ? `batch[${index}]` : "The message"}${id ? ` (messageId ${id})` : ""}`;
};

function messageIdOf(item: unknown): string | null {
  const id = item && typeof item === "object" ? (item as { messageId?: unknown }).messageId : undefined;
  return typeof id === "string" ? id.slice(0, 255) : null;
}

function firstIssue(error: z.ZodError): { field: string; error: string } {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join(".") || "type";
  if (field === "type") return { field, error: "type must be one of identify, track, page, screen, group, alias" };
  return { field, error: `${field} ${issue.message.replace(/^Invalid input: /, "")}` };
}

/** Where each checked field is in a Segment message, as the sender wrote it. */
const SEGMENT_FIELDS: Record<MessageField, string> = {
  externalId: "userId",
  anonymousId: "anonymousId",
  previousId: "previousId",
  email: "traits.email",
  phone: "traits.phone",
  eventName: "event",
  messageId: "messageId",
};

/** segmentBatchSchema's check without copying the batch array when the envelope is plainly fine. */
function batchEnvelope(body: unknown): { batch: unknown[]; writeKey?: string } | null {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const { batch, writeKey } = body as Record<string, unknown>;
    if (Array.isArray(batch) && batch.length <= SEGMENT_MAX_BATCH_MESSAGES && (writeKey === undefined || typeof writeKey === "string"))
      return { batch, writeKey };
  }
  const envelope = segmentBatchSchema.safeParse(body);
  return envelope.success ? envelope.data : null;
}

type Refusal = { field: string | null; error: string };

const rejection = (index: number, item: unknown, { field, error }: Refusal): Rejection => ({
  index,
  messageId: messageIdOf(item),
  field,
  error,
  payload: item,
});

/** Why an item is refused before validation (nesting, not an object, unstorable text), or null; throws for an oversize message. */
function checkItem(item: unknown, index: number, batch: boolean, checkSizes: boolean, suspicious: boolean): Refusal | null {
  // Depth first: serializing a pathologically deep value (for the size check) would throw.
  if (item && typeof item === "object" && tooDeep(item))
    return { field: null, error: `message is nested more than ${MAX_JSON_DEPTH} levels deep` };
  // Most messages are a few hundred bytes: a bound from their lengths clears them without serializing each one.
  if (checkSizes && !surelyWithinBytes(item, SEGMENT_MAX_MESSAGE_BYTES)) {
    const bytes = jsonBytes(item);
    if (bytes > SEGMENT_MAX_MESSAGE_BYTES) {
      throw new SegmentRequestError(
        `${describe(index, item, batch)} is ${bytes.toLocaleString("en-US")} bytes; the limit is 32 KB per message.`,
      );
    }
  }
  if (!item || typeof item !== "object" || Array.isArray(item)) return { field: null, error: "message must be a JSON object" };
  if (suspicious) {
    const problem = findJsonProblem(item);
    if (problem) return { field: problem.path, error: `${problem.path} ${problem.error}` };
  }
  return null;
}

/** Why a validated, mapped message cannot be stored (a field check-message refuses, no identity), or null. */
function messageRefusal(message: IngestMessage, data: SegmentMessage): Refusal | null {
  const problem = messageProblem(message);
  if (problem) {
    const field = problem.field === "eventName" && data.type !== "track" ? "name" : SEGMENT_FIELDS[problem.field];
    return { field, error: `${field} ${problem.error}` };
  }
  if (!message.externalId && !message.anonymousId) return { field: "userId", error: "userId or anonymousId is required" };
  if (data.type === "alias" && !message.externalId) return { field: "userId", error: "userId is required for alias calls" };
  return null;
}

export function parseSegmentRequest(text: string, call: SegmentCall | "batch", receivedAt: Date): ParsedSegmentRequest {
  const body = parseJson(text);
  const batch = call === "batch";
  let items: unknown[];
  let writeKey: string | undefined;
  if (batch) {
    const envelope = batchEnvelope(body);
    if (!envelope)
      throw new SegmentRequestError(
        `Body must be {"batch": [ ...messages ]} with at most ${SEGMENT_MAX_BATCH_MESSAGES.toLocaleString("en-US")} messages.`,
      );
    items = envelope.batch;
    writeKey = envelope.writeKey;
  } else {
    if (!body || typeof body !== "object" || Array.isArray(body))
      throw new SegmentRequestError("Body must be a JSON object (one message).");
    const { writeKey: key, ...message } = body as Record<string, unknown>;
    writeKey = typeof key === "string" ? key : undefined;
    items = [{ ...message, type: call }]; // the path decides the call, as on Segment
  }

  // The body already passed the request cap; only a body bigger than one message's limit can hold an oversize message.
  const checkSizes = Buffer.byteLength(text) > SEGMENT_MAX_MESSAGE_BYTES;
  const suspicious = hasUnstorableEscape(text);
  const messages: IngestMessage[] = [];
  const indexes: number[] = [];
  const rejections: Rejection[] = [];
  // A plain loop with no closure per message: this runs for every message of every batch.
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const refusal = checkItem(item, index, batch, checkSizes, suspicious);
    if (refusal) {
      rejections.push(rejection(index, item, refusal));
      continue;
    }
    // Well-formed messages skip zod (fast-segment-message.ts); anything it is unsure of gets the schema and its exact errors.
    const record = item as Record<string, unknown>;
    let data = fastSegmentMessage(record);
    if (!data) {
      const parsed = segmentMessageSchema.safeParse(record);
      if (!parsed.success) {
        rejections.push(rejection(index, item, firstIssue(parsed.error)));
        continue;
      }
      data = parsed.data;
    }
    const message = segmentToMessage(data, receivedAt);
    const refused = messageRefusal(message, data);
    if (refused) {
      rejections.push(rejection(index, item, refused));
      continue;
    }
    messages.push(message);
    indexes.push(index);
  }
  return { writeKey, messages, indexes, rejections, total: items.length };
}
