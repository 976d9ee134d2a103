import { z } from "zod";
import { MAX_ID_LENGTH, MAX_NAME_LENGTH, SEGMENT_MAX_BATCH_MESSAGES } from "@/lib/ingest/limits";

// Segment Tracking API message shapes (destination-contracts.md §5.2; what analytics-node and
// analytics.js send). Unknown keys (context, integrations, _metadata, sentAt) are accepted and
// ignored. Ids may arrive as numbers from some libraries; they are stored as strings.

const id = z
  .union([z.string(), z.number().finite()])
  .transform((v) => String(v).trim())
  .pipe(z.string().max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`));

const optionalId = z.union([id, z.null()]).optional();

const isoDate = z.string().refine((s) => {
  const t = Date.parse(s);
  return Number.isFinite(t) && t > Date.UTC(1970, 0, 1) && t < Date.UTC(2100, 0, 1);
}, "must be an ISO-8601 date between 1970 and 2100, e.g. 2026-06-10T12:00:00.000Z");

const object = z.record(z.string(), z.unknown());

const common = {
  userId: optionalId,
  anonymousId: optionalId,
  messageId: z.string().min(1).max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`).optional(),
  timestamp: isoDate.optional(),
};

const name = z.string().max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`);

export const segmentMessageSchemas = {
  identify: z.object({ ...common, type: z.literal("identify"), traits: object.optional() }),
  track: z.object({
    ...common,
    type: z.literal("track"),
    event: name.min(1, "is required for track calls"),
    properties: object.optional(),
  }),
  page: z.object({ ...common, type: z.literal("page"), name: name.nullish(), category: name.nullish(), properties: object.optional() }),
  screen: z.object({ ...common, type: z.literal("screen"), name: name.nullish(), category: name.nullish(), properties: object.optional() }),
  group: z.object({ ...common, type: z.literal("group"), groupId: id, traits: object.optional() }),
  alias: z.object({ ...common, type: z.literal("alias"), previousId: id }),
};

export type SegmentCall = keyof typeof segmentMessageSchemas;
export const segmentCalls = Object.keys(segmentMessageSchemas) as SegmentCall[];

export const segmentMessageSchema = z.discriminatedUnion("type", [
  segmentMessageSchemas.identify,
  segmentMessageSchemas.track,
  segmentMessageSchemas.page,
  segmentMessageSchemas.screen,
  segmentMessageSchemas.group,
  segmentMessageSchemas.alias,
]);

export type SegmentMessage = z.infer<typeof segmentMessageSchema>;

/** The batch envelope. `batch` items are validated one by one, so one bad item never fails the rest. */
export const segmentBatchSchema = z.object({
  batch: z.array(z.unknown()).max(SEGMENT_MAX_BATCH_MESSAGES),
  writeKey: z.string().optional(),
});
