import { z } from "zod";
import { HTTP_METHODS } from "@/lib/webhook-actions/action-schemas";
import { deliveryAttempt } from "@/lib/openapi/schemas/event-streams";

// What the simulator and test sends answer. Secret values never appear: they are •••• in the
// rendered request and in what the receiver answered.

export const templateProblem = z
  .object({
    field: z.string().describe('"url", "body", "headers.0.value" or "headers.0.name".'),
    line: z.number().int().optional().describe("Line in that field's template."),
    column: z.number().int().optional(),
    message: z.string(),
  })
  .meta({ id: "TemplateProblem" });

const simulatedRequest = z.object({
  method: z.enum(HTTP_METHODS),
  url: z.string().describe("Secrets shown as ••••."),
  headers: z.array(
    z.object({
      name: z.string(),
      value: z.string(),
      addedAtSend: z.string().optional().describe("Set by Downstream when the request goes (signature, webhook-id…), in words."),
    }),
  ),
  body: z.string().describe("Exactly what is sent, secrets shown as ••••."),
  bodyPretty: z.string().nullable().describe("The body indented, when it is JSON."),
});

export const simulationResult = z
  .object({
    ok: z.boolean().describe("False when the request cannot go: see problems."),
    request: simulatedRequest.nullable(),
    problems: z.array(templateProblem).describe("What stops the request: parse errors, refused URLs, headers with line breaks…"),
    warnings: z
      .array(templateProblem)
      .describe("What goes but may not be meant: every value that printed nothing, at its line and column."),
    person: z
      .object({
        profileId: z.string().nullable(),
        label: z.string(),
        externalId: z.string().nullable(),
        email: z.string().nullable(),
        how: z.enum(["chosen", "random_member", "typed"]),
      })
      .nullable(),
    event: z.object({ id: z.string().nullable(), name: z.string(), occurredAt: z.string(), typed: z.boolean() }).nullable(),
    notes: z.array(z.string()),
  })
  .meta({ id: "WebhookActionSimulation" });

export const testSendResult = z
  .object({
    testId: z.string(),
    outcome: z.enum(["delivered", "failed", "waiting", "not_sent"]),
    message: z.string(),
    target: z.enum(["endpoint", "echo"]),
    url: z.string().nullable(),
    status: z.number().int().nullable(),
    latencyMs: z.number().int().nullable(),
    response: z
      .object({
        headers: z.array(z.tuple([z.string(), z.string()])),
        body: z.string().describe("Secrets masked; the start only when complete is false."),
        complete: z.boolean(),
      })
      .nullable(),
    retryPolicy: z.string().describe("What happens to the request if it fails, in words."),
    simulation: simulationResult,
    attempt: deliveryAttempt.nullable(),
  })
  .meta({ id: "WebhookActionTestSend" });
