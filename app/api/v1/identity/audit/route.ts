import { apiRoute } from "@/lib/api/handler";
import { identityAudit } from "@/lib/identity/audit/identity-audit";
import { identityAuditOp } from "@/lib/openapi/operations/data-in";

// GET /api/v1/identity/audit[?fresh=1]: coverage, invalid formats, normalization changes, duplicates, trend.
export const GET = apiRoute(identityAuditOp, async ({ query }) => ({
  audit: await identityAudit({ fresh: query.fresh === "1" || query.fresh === "true" }),
}));
