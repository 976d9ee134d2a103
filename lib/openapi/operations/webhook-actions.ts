import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { pageQuery } from "@/lib/api/paging";
import { nextCursor } from "@/lib/openapi/schemas/common";
import { deadLetterChoices } from "@/lib/openapi/schemas/dead-letter-choices";
import { deliveryAttempt } from "@/lib/openapi/schemas/event-streams";
import {
  actionChange,
  listedWebhookAction,
  webhookAction,
  webhookActionDeadLetter,
  webhookActionVersion,
} from "@/lib/openapi/schemas/webhook-actions";
import { createActionInput } from "@/lib/webhook-actions/create-action";
import { updateActionInput } from "@/lib/webhook-actions/update-action";

const tag = "Webhook actions";
const signingKey = z
  .string()
  .nullable()
  .describe("The new signing key (whsec_…), shown this once: store it now, it cannot be read again. Null when none was made.");

export const listWebhookActionsOp = defineOperation({
  id: "listWebhookActions",
  method: "GET",
  path: "/webhook-actions",
  tag,
  role: "viewer",
  summary: "List webhook actions",
  description: "Each with its status and figures (sent, retrying, held, dead, waiting, skipped by reason): the same the console shows.",
  query: pageQuery(),
  responses: {
    200: { description: "A page of webhook actions.", schema: z.object({ webhookActions: z.array(listedWebhookAction), nextCursor }) },
  },
});

export const createWebhookActionOp = defineOperation({
  id: "createWebhookAction",
  method: "POST",
  path: "/webhook-actions",
  tag,
  role: "editor",
  summary: "Create a webhook action",
  description:
    "A new action is a draft: nothing is sent until it is set live. URL, headers and body are Liquid templates with `customer`, `event`, `segment`, `trigger` and `secrets` in scope. Refused, naming the field, for an invalid URL, a header with a line break, a template over 64 KB, a template that does not parse (with its line and column), a secret used through a filter, or a segment that does not exist. A signed action's signing key is in the answer, once.",
  body: createActionInput,
  responses: { 201: { description: "The new action, and its signing key.", schema: z.object({ webhookAction, signingKey }) } },
});

export const getWebhookActionOp = defineOperation({
  id: "getWebhookAction",
  method: "GET",
  path: "/webhook-actions/{id}",
  tag,
  role: "viewer",
  summary: "Get a webhook action",
  responses: { 200: { description: "The action with its status and figures.", schema: z.object({ webhookAction: listedWebhookAction }) } },
});

export const updateWebhookActionOp = defineOperation({
  id: "updateWebhookAction",
  method: "PATCH",
  path: "/webhook-actions/{id}",
  tag,
  role: "editor",
  summary: "Change a webhook action",
  description:
    'Send only what changes; each field sent replaces the saved one. Secrets merge: `{"secrets": {"api_key": "new"}}` sets one, `null` removes it, names left out keep their value. Moving the URL to another host needs the saved secrets again. A change to what a live or paused action sends makes a new version (diffed in the audit log).',
  body: updateActionInput,
  responses: {
    200: {
      description: "The action after the change.",
      schema: z.object({
        webhookAction,
        newVersion: z.boolean().describe("True when the change made a new version."),
        signingKey: signingKey.describe("Made when signing was turned on and no key was saved; shown this once."),
      }),
    },
  },
});

export const deleteWebhookActionOp = defineOperation({
  id: "deleteWebhookAction",
  method: "DELETE",
  path: "/webhook-actions/{id}",
  tag,
  role: "editor",
  summary: "Delete a webhook action",
  description: "Requests it still owes (queued, retrying, held or dead) are dropped with it.",
  responses: {
    200: {
      description: "Deleted.",
      schema: z.object({ deleted: z.literal(true), droppedRequests: z.number().int().describe("Undelivered requests dropped with it.") }),
    },
  },
});

export const setWebhookActionLiveOp = defineOperation({
  id: "setWebhookActionLive",
  method: "POST",
  path: "/webhook-actions/{id}/live",
  tag,
  role: "editor",
  summary: "Set a webhook action live",
  description:
    "From a draft: it fires for segment entries, exits and events from now on (never for the past). From paused: requests queued before the pause and what fired while paused go out, in order. Refused, naming the field, when the saved definition no longer passes the checks (e.g. its segment was archived).",
  responses: { 200: { description: "The action, live.", schema: z.object({ webhookAction: listedWebhookAction }) } },
});

export const pauseWebhookActionOp = defineOperation({
  id: "pauseWebhookAction",
  method: "POST",
  path: "/webhook-actions/{id}/pause",
  tag,
  role: "editor",
  summary: "Pause a webhook action",
  description:
    "Nothing is sent; requests already queued and what fires while paused are held (not dropped) and go out when it is set live again.",
  responses: { 200: { description: "The action, paused.", schema: z.object({ webhookAction: listedWebhookAction }) } },
});

export const listWebhookActionAttemptsOp = defineOperation({
  id: "listWebhookActionAttempts",
  method: "GET",
  path: "/webhook-actions/{id}/attempts",
  tag,
  role: "viewer",
  summary: "List an action's requests",
  description:
    "Newest first: every request made, with its outcome, status, latency and the response (redacted, secrets masked, truncated).",
  query: pageQuery({ max: 200, byDefault: 50 }),
  responses: {
    200: {
      description: "A page of attempts.",
      schema: z.object({
        attempts: z.array(deliveryAttempt.extend({ test: z.boolean().describe("A test send from the simulator.") })),
        nextCursor,
      }),
    },
  },
});

export const listWebhookActionDeadLettersOp = defineOperation({
  id: "listWebhookActionDeadLetters",
  method: "GET",
  path: "/webhook-actions/{id}/dead-letters",
  tag,
  role: "viewer",
  summary: "List an action's dead letters",
  description: "Requests that used up their retries; kept until replayed.",
  query: pageQuery({ max: 200, byDefault: 50 }),
  responses: {
    200: { description: "A page of dead letters.", schema: z.object({ deadLetters: z.array(webhookActionDeadLetter), nextCursor }) },
  },
});

export const replayWebhookActionInput = z.union(deadLetterChoices("action")).describe("Which dead letters to send again.");

export const replayWebhookActionDeadLettersOp = defineOperation({
  id: "replayWebhookActionDeadLetters",
  method: "POST",
  path: "/webhook-actions/{id}/dead-letters/replay",
  tag,
  role: "editor",
  summary: "Replay dead letters",
  description:
    'Sends dead requests again as they were rendered, under their original webhook-id. `{"deadLetters": "all"}` or `{"deliveryIds": ["…"]}`.',
  body: replayWebhookActionInput,
  responses: { 200: { description: "How many requests were queued to send again.", schema: z.object({ replayed: z.number().int() }) } },
});

export const listWebhookActionVersionsOp = defineOperation({
  id: "listWebhookActionVersions",
  method: "GET",
  path: "/webhook-actions/{id}/versions",
  tag,
  role: "viewer",
  summary: "List an action's versions",
  description: "Newest first, each with what changed from the one before it.",
  responses: {
    200: {
      description: "Every version.",
      schema: z.object({ versions: z.array(webhookActionVersion.extend({ changes: z.array(actionChange) })) }),
    },
  },
});

export const rotateWebhookActionSigningKeyOp = defineOperation({
  id: "rotateWebhookActionSigningKey",
  method: "POST",
  path: "/webhook-actions/{id}/signing-key/rotate",
  tag,
  role: "editor",
  summary: "Rotate an action's signing key",
  description: "A new key signs every request from now on (retries included); the old one stops at once. Shown this once.",
  responses: { 200: { description: "The action, and the new key.", schema: z.object({ webhookAction, signingKey: z.string() }) } },
});
