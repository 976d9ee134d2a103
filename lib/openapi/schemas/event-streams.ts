import { z } from "zod";
import { jsonObject, nullableTimestamp, timestamp } from "@/lib/openapi/schemas/common";
import { CHANNELS, ENGAGEMENT_METRICS } from "@/lib/streams/stream-schemas";

// What the event-streams API sends. A stream's secrets never appear: only which are set, and for
// each signing secret when it was made, when it stops signing and its last 4 characters.

export const streamSelector = z
  .object({
    metrics: z.array(z.enum(ENGAGEMENT_METRICS)),
    channels: z.array(z.enum(CHANNELS)),
    names: z.array(z.string()),
    patterns: z.array(z.string()),
    filters: z.array(
      z.object({
        property: z.string(),
        op: z.enum(["equals", "not_equals", "exists", "not_exists", "contains", "in"]),
        value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
      }),
    ),
  })
  .meta({
    id: "EventStreamSelector",
    description: "Which events the stream forwards: metrics on channels, names, patterns, all filters holding.",
  });

export const signingSecretView = z
  .object({
    createdAt: timestamp,
    expiresAt: nullableTimestamp.describe("While a rotation overlaps: when this previous secret stops signing. Null for the current one."),
    preview: z.string().describe('The secret\'s kind and last 4 characters, e.g. "whsec_…abcd".'),
  })
  .meta({ id: "SigningSecretPreview" });

export const eventStream = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    selector: streamSelector,
    forwards: z.string().describe("What it forwards, in words."),
    destination: z.object({
      kind: z.enum(["webhook", "warehouse"]),
      settings: jsonObject.describe("The webhook's or warehouse's settings (no secrets)."),
      credentialsSet: z.array(z.string()).describe("Which secrets are set (signingSecrets, authorization, connectionString)."),
      label: z.string().describe("Where, in words: the URL's host, or schema.table in the database."),
    }),
    signingSecrets: z.array(signingSecretView),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "EventStream" });

export const streamHealth = z
  .object({
    state: z.enum(["flowing", "idle", "retrying", "throttled", "holding", "paused"]),
    word: z.string().describe("The status word every screen shows."),
    reason: z.string().nullable().describe("Why, in a sentence; null when there is nothing to say."),
    since: nullableTimestamp,
  })
  .meta({ id: "EventStreamHealth", description: "The stream's delivery state, from its ledger endpoint." });

export const streamFigures = z
  .object({
    inPerMinute: z.number().describe("Events entering the stream per minute (last 5 minutes)."),
    outPerMinute: z.number().describe("Events delivered per minute (last 5 minutes)."),
    lagSeconds: z.number().nullable().describe("Age of the oldest undelivered event; null when nothing is owed."),
    queued: z.number().int(),
    retrying: z.number().int(),
    held: z.number().int(),
    dead: z.number().int(),
    delivered24h: z.number().int(),
    perMinute: z.array(z.object({ minute: z.string(), in: z.number(), out: z.number() })).describe("The last hour, minute by minute."),
  })
  .meta({ id: "EventStreamFigures" });

export const listedEventStream = eventStream.extend({ health: streamHealth, figures: streamFigures }).meta({ id: "ListedEventStream" });

export const deliveryAttempt = z
  .object({
    id: z.string(),
    batchId: z.string().describe("The webhook-id: the same on every attempt of a batch."),
    startedAt: timestamp,
    durationMs: z.number().int(),
    outcome: z.enum(["delivered", "failed", "throttled", "timeout", "unreachable", "gone"]),
    status: z.number().int().nullable(),
    error: z.string().nullable(),
    responseExcerpt: z.string().nullable().describe("The start of the response body, redacted and truncated."),
    size: z.number().int().describe("Events in the request."),
    probe: z.boolean().describe("Sent while holding, to see whether the endpoint has recovered."),
  })
  .meta({ id: "DeliveryAttempt" });

export const deadLetter = z
  .object({
    deliveryId: z.string().describe("Pass it in `deliveryIds` to replay this one."),
    eventId: z.string().nullable(),
    eventName: z.string().nullable(),
    occurredAt: nullableTimestamp,
    person: z.string().describe("The ordering key: events of one key are delivered in order."),
    personLabel: z.string().describe("Whose event it is: their external id, else email, else anonymous id."),
    deadAt: timestamp,
    batchId: z.string().nullable().describe("The webhook-id it was last sent under."),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    replays: z.number().int().describe("How many times it was replayed before."),
  })
  .meta({ id: "DeadLetter" });
