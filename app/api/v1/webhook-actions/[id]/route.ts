import { apiRoute } from "@/lib/api/handler";
import { deleteWebhookActionOp, getWebhookActionOp, updateWebhookActionOp } from "@/lib/openapi/operations/webhook-actions";
import { deleteAction } from "@/lib/webhook-actions/delete-action";
import { getAction } from "@/lib/webhook-actions/get-action";
import { updateAction } from "@/lib/webhook-actions/update-action";

export const GET = apiRoute(getWebhookActionOp, async ({ params }) => ({ webhookAction: await getAction(params.id!) }));

export const PATCH = apiRoute(updateWebhookActionOp, async ({ actor, body, params }) => {
  const { action, newVersion, signingKey } = await updateAction(actor, params.id!, body);
  return { webhookAction: action, newVersion, signingKey };
});

export const DELETE = apiRoute(deleteWebhookActionOp, async ({ actor, params }) => {
  const { dropped } = await deleteAction(actor, params.id!);
  return { deleted: true, droppedRequests: dropped };
});
