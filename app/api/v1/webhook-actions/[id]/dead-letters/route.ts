import { apiRoute } from "@/lib/api/handler";
import { listWebhookActionDeadLettersOp } from "@/lib/openapi/operations/webhook-actions";
import { actionDeadLetters } from "@/lib/webhook-actions/get-action";

export const GET = apiRoute(listWebhookActionDeadLettersOp, async ({ params, query }) => actionDeadLetters(params.id!, query));
