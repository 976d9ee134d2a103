import { apiRoute } from "@/lib/api/handler";
import { syncLiftReport } from "@/lib/measurement/lift-report";
import { syncLiftOp } from "@/lib/openapi/operations/measurement";

// GET /api/v1/syncs/{id}/lift?event=order_completed&property=revenue&windowDays=7 — the figures the lift page shows.
export const GET = apiRoute(syncLiftOp, async ({ actor, params, query }) => syncLiftReport(actor, params.id!, query));
