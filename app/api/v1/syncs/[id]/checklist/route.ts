import { apiRoute } from "@/lib/api/handler";
import { launchChecklist } from "@/lib/launch/launch-checklist";
import { getChecklistOp } from "@/lib/openapi/operations/launch";

export const GET = apiRoute(getChecklistOp, async ({ params }) => ({ checklist: await launchChecklist(params.id!) }));
