import { apiRoute } from "@/lib/api/handler";
import { launchChecklist } from "@/lib/launch/launch-checklist";
import { updateLaunchPlan } from "@/lib/launch/update-launch-plan";
import { updateLaunchPlanOp } from "@/lib/openapi/operations/launch";

export const PATCH = apiRoute(updateLaunchPlanOp, async ({ actor, params, body }) => {
  await updateLaunchPlan(actor, params.id!, body);
  return { checklist: await launchChecklist(params.id!) };
});
