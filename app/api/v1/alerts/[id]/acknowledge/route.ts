import { apiRoute } from "@/lib/api/handler";
import { acknowledgeAlert } from "@/lib/monitoring/alerts/acknowledge-alert";
import { acknowledgeAlertOp } from "@/lib/openapi/operations/alerts";

export const POST = apiRoute(acknowledgeAlertOp, async ({ actor, params }) => ({ alert: await acknowledgeAlert(actor, params.id!) }));
