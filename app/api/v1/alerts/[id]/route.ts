import { apiRoute } from "@/lib/api/handler";
import { getAlert } from "@/lib/monitoring/alerts/list-alerts";
import { getAlertOp } from "@/lib/openapi/operations/alerts";

export const GET = apiRoute(getAlertOp, async ({ params }) => ({ alert: await getAlert(params.id!) }));
