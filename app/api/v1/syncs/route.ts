import { apiRoute } from "@/lib/api/handler";
import { pageOfList } from "@/lib/api/paging";
import { createSyncOp, listSyncsOp } from "@/lib/openapi/operations/syncs";
import { createSync } from "@/lib/sync/create-sync";
import { listSyncs } from "@/lib/sync/list-syncs";

export const GET = apiRoute(listSyncsOp, async ({ query }) => {
  const { items, nextCursor } = pageOfList(await listSyncs(), query, (s) => [s.id]);
  return { syncs: items, nextCursor };
});

export const POST = apiRoute(createSyncOp, async ({ actor, body }) => ({ sync: await createSync(actor, body) }));
