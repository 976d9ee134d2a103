import { apiRoute } from "@/lib/api/handler";
import { syncMembersOp } from "@/lib/openapi/operations/syncs";
import { listSyncMembers } from "@/lib/sync/sync-members";

export const GET = apiRoute(syncMembersOp, async ({ params, query }) => listSyncMembers(params.id!, query));
