import { apiRoute } from "@/lib/api/handler";
import { deleteSyncOp, getSyncOp, updateSyncOp } from "@/lib/openapi/operations/syncs";
import { deleteSync } from "@/lib/sync/delete-sync";
import { getSync } from "@/lib/sync/get-sync";
import { setSyncState, updateSync } from "@/lib/sync/update-sync";

export const GET = apiRoute(getSyncOp, async ({ params }) => {
  const { sync, rules, runs, snapshots, audienceSize, health, lastMatch } = await getSync(params.id!);
  // health: the same model the console shows (lib/sync/sync-health.ts).
  return {
    sync: { ...sync, audienceSize, health },
    suppressionRules: rules,
    recentRuns: runs.slice(0, 10),
    snapshots,
    lastReportedMatch: lastMatch,
  };
});

// Configuration and state in one PATCH: {"state":"live"} starts it, {"state":"paused"} pauses it.
export const PATCH = apiRoute(updateSyncOp, async ({ actor, body, params }) => {
  const { state, override, ...config } = body;
  let sync = Object.keys(config).length ? await updateSync(actor, params.id!, config) : null;
  let changeRequestId: string | undefined;
  if (state) ({ changeRequestId, ...sync } = await setSyncState(actor, params.id!, { state, override }));
  return { sync: sync ?? (await getSync(params.id!)).sync, ...(changeRequestId && { changeRequestId }) };
});

export const DELETE = apiRoute(deleteSyncOp, async ({ actor, params }) => {
  await deleteSync(actor, params.id!);
  return { deleted: true };
});
