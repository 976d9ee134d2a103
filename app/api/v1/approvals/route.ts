import { apiRoute } from "@/lib/api/handler";
import { listChangeRequests } from "@/lib/launch/change-requests";
import { listChangeRequestsOp } from "@/lib/openapi/operations/launch";

export const GET = apiRoute(listChangeRequestsOp, async ({ query }) => ({
  changeRequests: await listChangeRequests({ status: query.status }),
}));
