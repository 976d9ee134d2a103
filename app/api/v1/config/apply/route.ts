import { apiRoute, json } from "@/lib/api/handler";
import { CONFIG_MAX_BYTES, configBody, configQuery } from "@/lib/config-as-code/config-api";
import { applyConfig } from "@/lib/config-as-code/apply-config";

// Makes the workspace match the document; `?prune=true` also deletes what it does not list.
export const POST = apiRoute({ role: "editor", body: configBody, query: configQuery, maxBodyBytes: CONFIG_MAX_BYTES }, async ({ actor, body, query }) =>
  json(await applyConfig(actor, body, { prune: query.prune === "true" })),
);
