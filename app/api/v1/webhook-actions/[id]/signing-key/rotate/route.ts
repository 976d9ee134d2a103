import { apiRoute, json } from "@/lib/api/handler";
import { rotateWebhookActionSigningKeyOp } from "@/lib/openapi/operations/webhook-actions";
import { rotateActionSigningKey } from "@/lib/webhook-actions/rotate-action-signing-key";

// The new key is in this answer only.
export const POST = apiRoute(rotateWebhookActionSigningKeyOp, async ({ actor, params }) => {
  const { action, signingKey } = await rotateActionSigningKey(actor, params.id!);
  return json({ webhookAction: action, signingKey }, 200);
});
