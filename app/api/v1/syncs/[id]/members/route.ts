import { apiRoute } from "@/lib/api/handler";
import { listSyncMembers, membersQuery } from "@/lib/sync/sync-members";

export const GET = apiRoute({ role: "viewer", query: membersQuery }, async ({ params, query }) => listSyncMembers(params.id!, query));
