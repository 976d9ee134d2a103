import { apiRoute } from "@/lib/api/handler";
import { getConflictsOp } from "@/lib/openapi/operations/orchestration";
import { findConflicts } from "@/lib/orchestration/find-conflicts";

// GET /api/v1/conflicts[?syncId=] — the orchestration conflicts the sync and Monitoring pages show.
export const GET = apiRoute(getConflictsOp, async ({ actor, query }) => findConflicts(actor, query));
