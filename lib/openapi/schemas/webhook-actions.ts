import { z } from "zod";
import { jsonObject, nullableTimestamp, timestamp } from "@/lib/openapi/schemas/common";
import { streamHealth } from "@/lib/openapi/schemas/event-streams";
import {
  ACTION_STATES,
  actionRequestSchema,
  actionSigningSchema,
  actionTriggerSchema,
  responseMappingSchema,
} from "@/lib/webhook-actions/action-schemas";

// What the webhook-actions API sends. Secret values never appear: only their names and last 4
// characters, and the signing key's preview (the key itself once, when it is made).

const secretView = z.object({
  name: z.string(),
  preview: z.string().describe('The last 4 characters, e.g. "…abcd" ("••••" for a short one).'),
});

export const webhookAction = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    state: z
      .enum(ACTION_STATES)
      .describe("draft: nothing is sent; live: it fires; paused: nothing is sent, what is queued or fires meanwhile is held."),
    stateWord: z.string(),
    trigger: actionTriggerSchema,
    segment: z.object({ id: z.string(), name: z.string().nullable().describe("Null when the segment was deleted.") }).nullable(),
    fires: z.string().describe("When it fires, in words."),
    delaySeconds: z.number().int(),
    frequencyLimitSeconds: z.number().int().nullable(),
    ratePerSecond: z.number().int().nullable(),
    timeoutMs: z.number().int(),
    retrySchedule: z.array(z.number().int()),
    request: actionRequestSchema,
    signing: actionSigningSchema,
    responseMapping: responseMappingSchema,
    secrets: z.array(secretView).describe("Usable as {{ secrets.name }}."),
    signingKey: z.object({ preview: z.string() }).nullable().describe("The signing key's preview; null when the action does not sign."),
    secretsReadable: z.boolean().describe("False when the saved secrets cannot be decrypted: enter them again."),
    version: z.number().int().describe("Goes up with every change to what a live action sends."),
    liveAt: nullableTimestamp.describe("When it was first set live."),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "WebhookAction" });

export const webhookActionFigures = z
  .object({
    status: streamHealth.extend({ state: z.enum(["draft", "flowing", "idle", "retrying", "throttled", "holding", "paused"]) }),
    sent24h: z.number().int().describe("Requests delivered in the last 24 hours (test sends included)."),
    queued: z.number().int(),
    retrying: z.number().int(),
    held: z.number().int(),
    dead: z.number().int(),
    lagSeconds: z.number().nullable(),
    pending: z.number().int().describe("Triggers waiting for their delay, or (paused) for the action to be set live again."),
    skipped24h: z.number().int().describe("Triggers in the last 24 hours that sent nothing."),
    skippedByReason: z.array(
      z.object({
        reason: z.string().describe("frequency_limit, left_segment, action_paused, render_failed, ..."),
        words: z.string(),
        count: z.number().int(),
        example: z.string().nullable().describe("For render_failed: the latest message."),
      }),
    ),
    perMinute: z.array(z.object({ minute: z.string(), in: z.number(), out: z.number() })),
  })
  .meta({ id: "WebhookActionFigures" });

export const listedWebhookAction = webhookAction.extend({ figures: webhookActionFigures }).meta({ id: "ListedWebhookAction" });

export const actionChange = z.object({
  field: z.string(),
  text: z.string().describe("What changed, in words."),
  lines: z.array(z.string()).optional().describe('For a template: the lines taken out ("- ") and put in ("+ "), with context.'),
});

export const webhookActionVersion = z
  .object({
    version: z.number().int(),
    definition: jsonObject.describe("The definition as saved (the same shape as creating takes, without secrets)."),
    createdBy: z.string().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "WebhookActionVersion" });

export const webhookActionDeadLetter = z
  .object({
    deliveryId: z.string().describe("Pass it in `deliveryIds` to replay this one."),
    eventId: z.string().nullable(),
    person: z.string(),
    personLabel: z.string().describe("Whose request it is: their external id, else email."),
    trigger: z.string().nullable().describe("enter, exit or event."),
    test: z.boolean().describe("A test send from the simulator."),
    version: z.number().int().nullable().describe("The version it was rendered from."),
    deadAt: timestamp,
    batchId: z.string().nullable().describe("The webhook-id it was last sent under."),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    replays: z.number().int(),
  })
  .meta({ id: "WebhookActionDeadLetter" });
