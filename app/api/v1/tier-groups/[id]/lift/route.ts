import { apiRoute } from "@/lib/api/handler";
import { tierGroupLiftReport } from "@/lib/measurement/lift-report";
import { tierGroupLiftOp } from "@/lib/openapi/operations/measurement";

// GET /api/v1/tier-groups/{id}/lift?event=order_completed&property=revenue&windowDays=7 — the figures the group's lift page shows.
export const GET = apiRoute(tierGroupLiftOp, async ({ actor, params, query }) => tierGroupLiftReport(actor, params.id!, query));
