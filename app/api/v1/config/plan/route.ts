import { apiRoute, json } from "@/lib/api/handler";
import { CONFIG_MAX_BYTES, configBody, configQuery } from "@/lib/config-as-code/config-api";
import { planConfig } from "@/lib/config-as-code/plan-config";

// Nothing changes: 200 with each create, update (field diff) and delete, and the plan as text.
export const POST = apiRoute({ role: "editor", body: configBody, query: configQuery, maxBodyBytes: CONFIG_MAX_BYTES }, async ({ actor, body, query }) =>
  json(await planConfig(actor, body, { prune: query.prune === "true" })),
);
