import { apiRoute } from "@/lib/api/handler";
import { deleteTierGroupOp, getTierGroupOp, updateTierGroupOp } from "@/lib/openapi/operations/tiers";
import { deleteTierGroup, getTierGroup, updateTierGroup } from "@/lib/tiers/tier-groups";

export const GET = apiRoute(getTierGroupOp, async ({ actor, params }) => ({ tierGroup: await getTierGroup(actor, params.id!) }));

export const PATCH = apiRoute(updateTierGroupOp, async ({ actor, body, params }) => ({
  tierGroup: await updateTierGroup(actor, params.id!, body),
}));

export const DELETE = apiRoute(deleteTierGroupOp, async ({ actor, params }) => {
  await deleteTierGroup(actor, params.id!);
  return { deleted: true };
});
