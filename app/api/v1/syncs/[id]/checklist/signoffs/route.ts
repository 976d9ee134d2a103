import { apiRoute } from "@/lib/api/handler";
import { launchChecklist } from "@/lib/launch/launch-checklist";
import { recordSignoff } from "@/lib/launch/record-signoff";
import { recordSignoffOp } from "@/lib/openapi/operations/launch";

export const POST = apiRoute(recordSignoffOp, async ({ actor, params, body }) => {
  await recordSignoff(actor, params.id!, body);
  return { checklist: await launchChecklist(params.id!) };
});
