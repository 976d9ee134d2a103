import { apiRoute, json } from "@/lib/api/handler";
import { testSendWebhookActionOp } from "@/lib/openapi/operations/webhook-action-simulator";
import { sendTestRequest } from "@/lib/webhook-actions/simulator/send-test-request";

export const POST = apiRoute(testSendWebhookActionOp, async ({ actor, params, body }) =>
  json({ testSend: await sendTestRequest(actor, params.id!, body ?? {}) }, 200),
);
