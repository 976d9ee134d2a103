import { apiRoute, json } from "@/lib/api/handler";
import { planConfigOp } from "@/lib/openapi/operations/config";
import { planConfig } from "@/lib/config-as-code/plan-config";

// Nothing changes: 200 with each create, update (field diff) and delete, and the plan as text.
export const POST = apiRoute(planConfigOp, async ({ actor, body, query }) =>
  json(await planConfig(actor, body, { prune: query.prune === "true" })),
);
