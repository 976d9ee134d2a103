import { apiRoute, json } from "@/lib/api/handler";
import { applyConfigOp } from "@/lib/openapi/operations/config";
import { applyConfig } from "@/lib/config-as-code/apply-config";

// Makes the workspace match the document; `?prune=true` also deletes what it does not list.
export const POST = apiRoute(applyConfigOp, async ({ actor, body, query }) =>
  json(await applyConfig(actor, body, { prune: query.prune === "true" })),
);
