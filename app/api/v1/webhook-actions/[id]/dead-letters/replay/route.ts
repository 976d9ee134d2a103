import { apiRoute, json } from "@/lib/api/handler";
import { replayWebhookActionDeadLettersOp } from "@/lib/openapi/operations/webhook-actions";
import { replayActionDeadLetters } from "@/lib/webhook-actions/replay-action-dead-letters";

export const POST = apiRoute(replayWebhookActionDeadLettersOp, async ({ actor, params, body }) =>
  json(await replayActionDeadLetters(actor, params.id!, body), 200),
);
