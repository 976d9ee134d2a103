import { apiRoute } from "@/lib/api/handler";
import { pageOfList } from "@/lib/api/paging";
import { createWebhookActionOp, listWebhookActionsOp } from "@/lib/openapi/operations/webhook-actions";
import { createAction } from "@/lib/webhook-actions/create-action";
import { listActions } from "@/lib/webhook-actions/list-actions";

export const GET = apiRoute(listWebhookActionsOp, async ({ query }) => {
  const { items, nextCursor } = pageOfList(await listActions(), query, (a) => [a.createdAt.toISOString(), a.id]);
  return { webhookActions: items, nextCursor };
});

// The signing key is in this answer only: the action's view never carries it.
export const POST = apiRoute(createWebhookActionOp, async ({ actor, body }) => {
  const { action, signingKey } = await createAction(actor, body);
  return { webhookAction: action, signingKey };
});
