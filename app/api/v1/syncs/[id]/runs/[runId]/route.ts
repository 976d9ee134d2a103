import { apiRoute } from "@/lib/api/handler";
import { getRunOp } from "@/lib/openapi/operations/syncs";
import { getRun } from "@/lib/sync/get-run";

// Polled by the run page while a run is live (react-query), and by API clients.
export const GET = apiRoute(getRunOp, async ({ params, query }) => getRun(params.id!, params.runId!, { errorLimit: query.errors }));
