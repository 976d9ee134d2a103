import { z } from "zod";
import { HTTP_METHODS } from "@/lib/webhook-actions/action-schemas";

// What a webhook action puts in the ledger's outbox (deliveries.payload): the request rendered
// when its trigger became due, with every {{ secrets.name }} still a marker (liquid/secret-markers.ts)
// so no secret value is ever stored; the sender fills them in right before the request goes.
// Test sends (the simulator) use the same shape with `test: true`: marked as tests in every
// record, and their answers are never written back to the person.

export const ACTION_PAYLOAD_VERSION = 1;

export const actionPayloadSchema = z.object({
  v: z.literal(ACTION_PAYLOAD_VERSION),
  actionId: z.string(),
  /** The definition version the request was rendered from. */
  version: z.number().int(),
  /** webhook_action_triggers.id; null for a test send. */
  triggerId: z.string().nullable(),
  /** null when a test send used hand-edited attributes instead of a real person. */
  profileId: z.string().nullable(),
  externalId: z.string().nullable(),
  test: z.boolean(),
  trigger: z.enum(["enter", "exit", "event"]),
  request: z.object({
    method: z.enum(HTTP_METHODS),
    url: z.string(),
    headers: z.array(z.tuple([z.string(), z.string()])),
    body: z.string(),
  }),
});
export type ActionPayload = z.output<typeof actionPayloadSchema>;

/** Per-person ordering on an action: a person's requests go in the order they were rendered. */
export const actionOrderingKey = (profileId: string | null, fallback: string) => (profileId ? `p:${profileId}` : `t:${fallback}`);
