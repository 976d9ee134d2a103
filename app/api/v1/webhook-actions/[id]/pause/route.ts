import { apiRoute, json } from "@/lib/api/handler";
import { pauseWebhookActionOp } from "@/lib/openapi/operations/webhook-actions";
import { getAction } from "@/lib/webhook-actions/get-action";
import { setActionState } from "@/lib/webhook-actions/set-action-state";

export const POST = apiRoute(pauseWebhookActionOp, async ({ actor, params }) => {
  await setActionState(actor, params.id!, "paused");
  return json({ webhookAction: await getAction(params.id!) }, 200);
});
