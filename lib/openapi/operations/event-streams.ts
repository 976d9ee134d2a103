import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { pageQuery } from "@/lib/api/paging";
import { nextCursor } from "@/lib/openapi/schemas/common";
import { deadLetterChoices } from "@/lib/openapi/schemas/dead-letter-choices";
import { deadLetter, deliveryAttempt, eventStream, listedEventStream } from "@/lib/openapi/schemas/event-streams";
import { createStreamInput } from "@/lib/streams/create-stream";
import { updateStreamInput } from "@/lib/streams/update-stream";

const tag = "Event streams";
const signingSecret = z
  .string()
  .nullable()
  .describe("The new signing secret (webhook streams), shown this once: store it now, it cannot be read again. Null for a warehouse.");

export const listEventStreamsOp = defineOperation({
  id: "listEventStreams",
  method: "GET",
  path: "/event-streams",
  tag,
  role: "viewer",
  summary: "List event streams",
  description: "Each with its delivery state and figures (the same the console shows).",
  query: pageQuery(),
  responses: {
    200: { description: "A page of event streams.", schema: z.object({ eventStreams: z.array(listedEventStream), nextCursor }) },
  },
});

export const createEventStreamOp = defineOperation({
  id: "createEventStream",
  method: "POST",
  path: "/event-streams",
  tag,
  role: "editor",
  summary: "Create an event stream",
  description:
    "Forwards matching events stored from now on (earlier ones: replay a time range). Refused, naming the field, for an invalid URL, an event name or pattern that matches nothing received (and no engagement metric), or a warehouse it cannot write to. A webhook stream's first signing secret is in the answer, once.",
  body: createStreamInput,
  responses: { 201: { description: "The new stream, and its signing secret.", schema: z.object({ eventStream, signingSecret }) } },
});

export const getEventStreamOp = defineOperation({
  id: "getEventStream",
  method: "GET",
  path: "/event-streams/{id}",
  tag,
  role: "viewer",
  summary: "Get an event stream",
  responses: { 200: { description: "The stream with its state and figures.", schema: z.object({ eventStream: listedEventStream }) } },
});

export const updateEventStreamOp = defineOperation({
  id: "updateEventStream",
  method: "PATCH",
  path: "/event-streams/{id}",
  tag,
  role: "editor",
  summary: "Change an event stream",
  description:
    "Send only what changes. Settings replace the saved ones; secrets left out keep their value. Changing a webhook's URL needs its Authorization value again, if one is saved.",
  body: updateStreamInput,
  responses: { 200: { description: "The stream after the change.", schema: z.object({ eventStream }) } },
});

export const deleteEventStreamOp = defineOperation({
  id: "deleteEventStream",
  method: "DELETE",
  path: "/event-streams/{id}",
  tag,
  role: "editor",
  summary: "Delete an event stream",
  description: "Events it still owes (queued, retrying, held or dead) are dropped with it.",
  responses: {
    200: {
      description: "Deleted.",
      schema: z.object({ deleted: z.literal(true), droppedEvents: z.number().int().describe("Undelivered events dropped with it.") }),
    },
  },
});

export const pauseEventStreamOp = defineOperation({
  id: "pauseEventStream",
  method: "POST",
  path: "/event-streams/{id}/pause",
  tag,
  role: "editor",
  summary: "Pause an event stream",
  description: "Stops sending. New events are still recorded and wait; resuming sends them in order.",
  responses: { 200: { description: "The stream, paused.", schema: z.object({ eventStream: listedEventStream }) } },
});

export const resumeEventStreamOp = defineOperation({
  id: "resumeEventStream",
  method: "POST",
  path: "/event-streams/{id}/resume",
  tag,
  role: "editor",
  summary: "Resume an event stream",
  description: "Sends again from where it stopped, oldest first: after a pause, a 410 from the receiver, or a hold.",
  responses: { 200: { description: "The stream, resumed.", schema: z.object({ eventStream: listedEventStream }) } },
});

export const rotateSecretInput = z.strictObject({
  endRotation: z.boolean().default(false).describe("true: stop signing with the previous secret now (instead of making a new one)."),
});

export const rotateEventStreamSecretOp = defineOperation({
  id: "rotateEventStreamSecret",
  method: "POST",
  path: "/event-streams/{id}/rotate-secret",
  tag,
  role: "editor",
  summary: "Rotate a webhook stream's signing secret",
  description:
    'No body (or `{}`): a new secret signs from now on, and the previous one keeps signing beside it for 24 hours (both signatures on every request), so your receiver can switch without a gap. `{"endRotation": true}` drops the previous secret now.',
  body: rotateSecretInput,
  bodyOptional: true,
  responses: {
    200: { description: "The stream, and the new secret (shown this once).", schema: z.object({ eventStream, signingSecret }) },
  },
});

export const listEventStreamAttemptsOp = defineOperation({
  id: "listEventStreamAttempts",
  method: "GET",
  path: "/event-streams/{id}/attempts",
  tag,
  role: "viewer",
  summary: "List a stream's delivery attempts",
  description: "Newest first: every request made, with its outcome, status, latency and the response (redacted, truncated).",
  query: pageQuery({ max: 200, byDefault: 50 }),
  responses: { 200: { description: "A page of attempts.", schema: z.object({ attempts: z.array(deliveryAttempt), nextCursor }) } },
});

export const listEventStreamDeadLettersOp = defineOperation({
  id: "listEventStreamDeadLetters",
  method: "GET",
  path: "/event-streams/{id}/dead-letters",
  tag,
  role: "viewer",
  summary: "List a stream's dead letters",
  description: "Events that used up their retries; kept until replayed.",
  query: pageQuery({ max: 200, byDefault: 50 }),
  responses: { 200: { description: "A page of dead letters.", schema: z.object({ deadLetters: z.array(deadLetter), nextCursor }) } },
});

export const replayInput = z
  .union([
    ...deadLetterChoices("stream"),
    z
      .strictObject({
        from: z.iso.datetime({ offset: true }).describe("Events that happened from (inclusive)…"),
        to: z.iso.datetime({ offset: true }).describe("…to (exclusive)."),
      })
      .refine((r) => new Date(r.from) < new Date(r.to), { message: "`from` must be before `to`", path: ["to"] }),
  ])
  .describe("What to send again: dead letters (all or some), or every matching event that happened in a time range (a backfill).");

export const replayEventStreamOp = defineOperation({
  id: "replayEventStream",
  method: "POST",
  path: "/event-streams/{id}/replay",
  tag,
  role: "editor",
  summary: "Replay dead letters or a time range",
  description:
    'A replayed dead letter goes under its original webhook-id, so a receiver that already has it can deduplicate. `{"deadLetters": "all"}`, `{"deliveryIds": ["…"]}`, or `{"from": iso, "to": iso}` to send every matching event that happened then (a backfill).',
  body: replayInput,
  responses: { 200: { description: "How many events were queued to send again.", schema: z.object({ replayed: z.number().int() }) } },
});
