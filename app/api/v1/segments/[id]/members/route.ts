import { apiRoute } from "@/lib/api/handler";
import { segmentMembersOp } from "@/lib/openapi/operations/segments";
import { segmentMembers } from "@/lib/segments/queries";

// ?limit=100&cursor=<nextCursor from the previous page>; in profile id order, each with entered_at.
export const GET = apiRoute(segmentMembersOp, async ({ params, query }) => segmentMembers(params.id!, query));
