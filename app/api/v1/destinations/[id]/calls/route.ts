import { apiRoute } from "@/lib/api/handler";
import { listPlatformCalls } from "@/lib/destinations/list-platform-calls";
import { listPlatformCallsOp } from "@/lib/openapi/operations/destinations";

export const GET = apiRoute(listPlatformCallsOp, async ({ actor, params, query }) =>
  listPlatformCalls(actor, params.id!, { errorsOnly: query.errors === "true", limit: query.limit, cursor: query.cursor }),
);
