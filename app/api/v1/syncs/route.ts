import { apiRoute } from "@/lib/api/handler";
import { createSync } from "@/lib/sync/create-sync";
import { listSyncs } from "@/lib/sync/list-syncs";
import { createSyncInput } from "@/lib/sync/sync-schemas";

export const GET = apiRoute({ role: "viewer" }, async () => ({ syncs: await listSyncs() }));

export const POST = apiRoute({ role: "editor", body: createSyncInput }, async ({ actor, body }) => ({ sync: await createSync(actor, body) }));
