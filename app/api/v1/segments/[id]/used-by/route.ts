import { apiRoute } from "@/lib/api/handler";
import { segmentUsedBy } from "@/lib/measurement/used-by";
import { segmentUsedByOp } from "@/lib/openapi/operations/measurement";

// GET /api/v1/segments/{id}/used-by — every sync, suppression rule, segment and webhook action depending on it.
export const GET = apiRoute(segmentUsedByOp, async ({ actor, params }) => ({ usedBy: await segmentUsedBy(actor, params.id!) }));
