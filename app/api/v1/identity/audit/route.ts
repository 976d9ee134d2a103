import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { identityAudit } from "@/lib/identity/audit/identity-audit";

// GET /api/v1/identity/audit[?fresh=1]: coverage, invalid formats, normalization changes, duplicates, trend.
export const GET = apiRoute({ role: "viewer", query: z.object({ fresh: z.enum(["0", "1", "true", "false"]).optional() }) }, async ({ query }) => ({
  audit: await identityAudit({ fresh: query.fresh === "1" || query.fresh === "true" }),
}));
