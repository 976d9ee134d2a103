import { z } from "zod";

// The one documented shape of every event a stream forwards (README "Event streams"), to a
// webhook (inside `events`) and to a warehouse (one column each). Built in SQL by
// render-events.ts; this schema documents it and checks it in tests and the API reference.

const iso = z.string().describe("ISO 8601 timestamp, UTC");

export const forwardedEventSchema = z.object({
  id: z.string().describe("Stable id of this event in Downstream (evt_…): deduplicate on it"),
  name: z.string().describe("The event name, e.g. email_opened or order_completed"),
  occurred_at: iso,
  received_at: iso.describe("When Downstream stored it"),
  person: z.object({
    external_id: z.string().nullable(),
    anonymous_id: z.string().nullable(),
    email: z.string().nullable().describe("As stored (normalized)"),
    phone: z.string().nullable().describe("As stored (E.164)"),
    email_sha256: z.string().nullable(),
    phone_sha256: z.string().nullable(),
  }),
  campaign_id: z.string().nullable(),
  message_id: z.string().nullable().describe("The message (delivery) this event is about: message_id or Customer.io's delivery_id"),
  journey_id: z.string().nullable().describe("journey_id, else Customer.io's workflow or broadcast id"),
  action_id: z.string().nullable(),
  variation: z.string().nullable(),
  sent_at: iso.nullable().describe("When the message was sent: the event's own sent_at, else its `sent` event's time"),
  channel: z.string().nullable().describe("email, sms, push, …"),
  link: z.string().nullable().describe("For clicks: the URL"),
  reason: z.string().nullable().describe("For bounces and unsubscribes: why"),
  properties: z.record(z.string(), z.unknown()).describe("The event's properties as received"),
});
export type ForwardedEvent = z.infer<typeof forwardedEventSchema>;

/** What a webhook stream POSTs: one batch. */
export const streamBatchBodySchema = z.object({
  type: z.literal("event_stream.batch"),
  stream: z.object({ id: z.string(), name: z.string() }),
  events: z.array(forwardedEventSchema),
});
export type StreamBatchBody = z.infer<typeof streamBatchBodySchema>;
