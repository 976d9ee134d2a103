import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { simulationResult, testSendResult } from "@/lib/openapi/schemas/webhook-action-simulator";
import { actionDefinitionSchema } from "@/lib/webhook-actions/action-schemas";
import { testSendInputSchema } from "@/lib/webhook-actions/simulator/send-test-request";
import { personChoiceSchema } from "@/lib/webhook-actions/simulator/simulation-input";

const tag = "Webhook actions";

export const simulateDraftInput = personChoiceSchema.extend({
  definition: actionDefinitionSchema,
  secretNames: z.array(z.string().max(64)).max(20).default([]).describe("The secrets the action will have (names only)."),
});

export const simulateWebhookActionOp = defineOperation({
  id: "simulateWebhookAction",
  method: "POST",
  path: "/webhook-actions/{id}/simulate",
  tag,
  role: "viewer",
  summary: "Simulate a webhook action",
  description:
    'Renders the request for a person (person: {profileId}), a random member of the trigger\'s segment (the default), or typed attributes only (person: "none"), exactly as it would go, without sending it. Every value that printed nothing is a warning at its line and column.',
  body: personChoiceSchema,
  bodyOptional: true,
  responses: { 200: { description: "The rendered request, problems and warnings.", schema: z.object({ simulation: simulationResult }) } },
});

export const simulateWebhookActionDraftOp = defineOperation({
  id: "simulateWebhookActionDraft",
  method: "POST",
  path: "/webhook-actions/simulate",
  tag,
  role: "viewer",
  summary: "Simulate an unsaved webhook action",
  description: "The same as simulating a saved action, for a definition not saved yet (the new-action form).",
  body: simulateDraftInput,
  responses: { 200: { description: "The rendered request, problems and warnings.", schema: z.object({ simulation: simulationResult }) } },
});

export const testSendWebhookActionOp = defineOperation({
  id: "testSendWebhookAction",
  method: "POST",
  path: "/webhook-actions/{id}/test-send",
  tag,
  role: "editor",
  summary: "Send a test request",
  description:
    'Renders the request as the simulator does and sends it through the action\'s delivery queue, marked as a test (header x-downstream-test: true; the answer is never written onto the person), to the action\'s URL (target "endpoint") or the built-in echo receiver (target "echo"), and answers with the status, the response\'s headers and body (secrets masked), the latency and how a failed request is retried.',
  body: testSendInputSchema,
  bodyOptional: true,
  responses: { 200: { description: "What the receiver answered.", schema: z.object({ testSend: testSendResult }) } },
});
