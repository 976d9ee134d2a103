import { apiRoute } from "@/lib/api/handler";
import { listWebhookActionVersionsOp } from "@/lib/openapi/operations/webhook-actions";
import { actionVersions } from "@/lib/webhook-actions/get-action";

export const GET = apiRoute(listWebhookActionVersionsOp, async ({ params }) => ({ versions: await actionVersions(params.id!) }));
