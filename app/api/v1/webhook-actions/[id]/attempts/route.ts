import { apiRoute } from "@/lib/api/handler";
import { listWebhookActionAttemptsOp } from "@/lib/openapi/operations/webhook-actions";
import { actionAttempts } from "@/lib/webhook-actions/get-action";

export const GET = apiRoute(listWebhookActionAttemptsOp, async ({ params, query }) => actionAttempts(params.id!, query));
