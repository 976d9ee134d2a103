import { apiRoute, json } from "@/lib/api/handler";
import { simulateWebhookActionOp } from "@/lib/openapi/operations/webhook-action-simulator";
import { simulateAction } from "@/lib/webhook-actions/simulator/simulate-action";

export const POST = apiRoute(simulateWebhookActionOp, async ({ actor, params, body }) =>
  json({ simulation: await simulateAction(actor, { actionId: params.id! }, body ?? {}) }, 200),
);
