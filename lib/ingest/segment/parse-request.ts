import type { z } from "zod";
import { messageProblem, type MessageField } from "@/lib/ingest/check-message";
import { findJsonProblem, hasUnstorableEscape, jsonBytes, surelyWithinBytes, tooDeep } from "@/lib/ingest/json-guard";
import { MAX_JSON_DEPTH, SEGMENT_MAX_MESSAGE_BYTES } from "@/lib/ingest/limits";
import type { IngestMessage, Rejection } from "@/lib/ingest/message";
import { segmentBatchSchema, segmentMessageSchema, type SegmentCall } from "@/lib/ingest/segment/schema";
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

export function parseSegmentRequest(text: string, call: SegmentCall | "batch", receivedAt: Date): ParsedSegmentRequest {
  const body = parseJson(text);
  const batch = call === "batch";
  let items: unknown[];
  let writeKey: string | undefined;
  if (batch) {
    const envelope = segmentBatchSchema.safeParse(body);
    if (!envelope.success) throw new SegmentRequestError('Body must be {"batch": [ ...messages ]} with at most 10,000 messages.');
    items = envelope.data.batch;
    writeKey = envelope.data.writeKey;
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
  items.forEach((item, index) => {
    const reject = (field: string | null, error: string) =>
      rejections.push({ index, messageId: messageIdOf(item), field, error, payload: item });
    // Depth first: serializing a pathologically deep value (for the size check) would throw.
    if (item && typeof item === "object" && tooDeep(item)) return reject(null, `message is nested more than ${MAX_JSON_DEPTH} levels deep`);
    // Most messages are a few hundred bytes: a bound from their lengths clears them without serializing each one.
    if (checkSizes && !surelyWithinBytes(item, SEGMENT_MAX_MESSAGE_BYTES)) {
      const bytes = jsonBytes(item);
      if (bytes > SEGMENT_MAX_MESSAGE_BYTES) {
        throw new SegmentRequestError(
          `${describe(index, item, batch)} is ${bytes.toLocaleString("en-US")} bytes; the limit is 32 KB per message.`,
        );
      }
    }
    if (!item || typeof item !== "object" || Array.isArray(item)) return reject(null, "message must be a JSON object");
    if (suspicious) {
      const problem = findJsonProblem(item);
      if (problem) return reject(problem.path, `${problem.path} ${problem.error}`);
    }
    const parsed = segmentMessageSchema.safeParse(item);
    if (!parsed.success) {
      const { field, error } = firstIssue(parsed.error);
      return reject(field, error);
    }
    const message = segmentToMessage(parsed.data, receivedAt);
    const problem = messageProblem(message);
    if (problem) {
      const field = problem.field === "eventName" && parsed.data.type !== "track" ? "name" : SEGMENT_FIELDS[problem.field];
      return reject(field, `${field} ${problem.error}`);
    }
    if (!message.externalId && !message.anonymousId) return reject("userId", "userId or anonymousId is required");
    if (parsed.data.type === "alias" && !message.externalId) return reject("userId", "userId is required for alias calls");
    messages.push(message);
    indexes.push(index);
  });
  return { writeKey, messages, indexes, rejections, total: items.length };
}
