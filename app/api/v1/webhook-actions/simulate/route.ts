import { apiRoute, json } from "@/lib/api/handler";
import { simulateWebhookActionDraftOp } from "@/lib/openapi/operations/webhook-action-simulator";
import { simulateAction } from "@/lib/webhook-actions/simulator/simulate-action";

export const POST = apiRoute(simulateWebhookActionDraftOp, async ({ actor, body }) => {
  const { definition, secretNames, ...choice } = body;
  return json({ simulation: await simulateAction(actor, { definition, secretNames }, choice) }, 200);
});
