import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { getRun } from "@/lib/sync/get-run";

// Polled by the run page while a run is live (react-query), and by API clients.
export const GET = apiRoute({ role: "viewer", query: z.object({ errors: z.coerce.number().int().min(0).max(1000).default(100) }) }, async ({ params, query }) =>
  getRun(params.id!, params.runId!, { errorLimit: query.errors }),
);
