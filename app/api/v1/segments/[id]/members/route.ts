import { apiRoute } from "@/lib/api/handler";
import { membersQuery, segmentMembers } from "@/lib/segments/queries";

// ?limit=100&cursor=<nextCursor from the previous page>; in profile id order, each with entered_at.
export const GET = apiRoute({ role: "viewer", query: membersQuery }, async ({ params, query }) => segmentMembers(params.id!, query));
