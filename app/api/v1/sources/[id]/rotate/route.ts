import { apiRoute, json } from "@/lib/api/handler";
import { rotateSourceOp } from "@/lib/openapi/operations/data-in";
import { rotateSourceKey } from "@/lib/sources/manage-sources";
import { requestOrigin } from "@/lib/sources/request-origin";
import { sourceView } from "@/lib/sources/source-view";

// POST {"key":"write_key"|"cio_api_key"}: a new key; the old one stops working at once.
export const POST = apiRoute(rotateSourceOp, async ({ actor, params, body, req }) =>
  json({ source: sourceView(await rotateSourceKey(actor, params.id!, body), { origin: requestOrigin(req.headers), revealSecrets: true }) }),
);
