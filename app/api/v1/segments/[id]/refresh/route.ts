import { apiRoute, json } from "@/lib/api/handler";
import { refreshSegmentOp } from "@/lib/openapi/operations/segments";
import { refreshSegmentNow } from "@/lib/segments/refresh/refresh-due";

// Runs the refresh now and answers with what changed (entered, exited, capped, size, ms).
export const POST = apiRoute(refreshSegmentOp, async ({ actor, params }) => json({ refresh: await refreshSegmentNow(actor, params.id!) }));
