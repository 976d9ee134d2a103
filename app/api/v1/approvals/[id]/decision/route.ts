import { apiRoute } from "@/lib/api/handler";
import { decideChangeRequest } from "@/lib/launch/change-requests";
import { decideChangeRequestOp } from "@/lib/openapi/operations/launch";

export const POST = apiRoute(decideChangeRequestOp, async ({ actor, params, body }) => ({
  changeRequest: await decideChangeRequest(actor, params.id!, body),
}));
