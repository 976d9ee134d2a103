import { apiRoute, json } from "@/lib/api/handler";
import { revokeSourceOp } from "@/lib/openapi/operations/data-in";
import { revokeSource } from "@/lib/sources/manage-sources";
import { requestOrigin } from "@/lib/sources/request-origin";
import { sourceView } from "@/lib/sources/source-view";

// Every endpoint refuses the source's credentials from now on (401); its data stays.
export const POST = apiRoute(revokeSourceOp, async ({ actor, params, req }) =>
  json({ source: sourceView(await revokeSource(actor, params.id!), { origin: requestOrigin(req.headers), revealSecrets: false }) }),
);
