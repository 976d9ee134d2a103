import { apiRoute } from "@/lib/api/handler";
import { createTierGroupOp, listTierGroupsOp } from "@/lib/openapi/operations/tiers";
import { listTierGroups, saveTierGroup } from "@/lib/tiers/tier-groups";

export const GET = apiRoute(listTierGroupsOp, async ({ actor }) => ({ tierGroups: await listTierGroups(actor) }));

export const POST = apiRoute(createTierGroupOp, async ({ actor, body }) => ({ tierGroup: await saveTierGroup(actor, body) }));
