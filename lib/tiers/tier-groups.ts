import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

// Tier groups (issue 15 item 5): an ordered list of syncs, lowest intent first (rank 1). The sync
// plan reads the ranks (lib/tiers/tier-sql.ts) so each person goes only to their highest tier.

export const tierGroupInput = z.strictObject({
  name: z.string().trim().min(1, "Name the tier group.").max(120),
  /** Lowest intent first, e.g. viewed product, added to cart, started checkout. */
  syncIds: z.array(z.string().min(1).max(100)).min(2, "A tier group needs at least two syncs.").max(10),
});

export type TierGroup = { id: string; name: string; tiers: { rank: number; syncId: string; syncName: string }[] };

const include = { members: { orderBy: { rank: "asc" as const }, include: { sync: { select: { name: true } } } } };
const view = (g: { id: string; name: string; members: { rank: number; syncId: string; sync: { name: string } }[] }): TierGroup => ({
  id: g.id,
  name: g.name,
  tiers: g.members.map((m) => ({ rank: m.rank, syncId: m.syncId, syncName: m.sync.name })),
});

export async function listTierGroups(actor: Actor): Promise<TierGroup[]> {
  requireRole(actor, "viewer");
  return (await db().tierGroup.findMany({ orderBy: { name: "asc" }, include })).map(view);
}

/** Creates a group (`id` absent) or replaces its name and order; a sync may be in one group only. */
export async function saveTierGroup(actor: Actor, input: unknown, id?: string): Promise<TierGroup> {
  requireRole(actor, "editor");
  const parsed = tierGroupInput.safeParse(input);
  if (!parsed.success) throw new AppError("validation_failed", parsed.error.issues[0]?.message ?? "Invalid tier group.");
  const { name, syncIds } = parsed.data;
  if (new Set(syncIds).size !== syncIds.length) throw new AppError("validation_failed", "A sync can be only one tier of a group.");
  return db().$transaction(async (tx) => {
    const before = id ? await tx.tierGroup.findUnique({ where: { id }, include }) : null;
    if (id && !before) throw new AppError("not_found", "That tier group no longer exists.");
    const syncs = await tx.sync.findMany({ where: { id: { in: syncIds } }, select: { id: true, tier: { select: { groupId: true } } } });
    if (syncs.length !== syncIds.length) throw new AppError("validation_failed", "One of the syncs no longer exists.");
    if (syncs.some((s) => s.tier && s.tier.groupId !== id))
      throw new AppError("conflict", "One of the syncs is already a tier of another group.");
    const group = id ? await tx.tierGroup.update({ where: { id }, data: { name } }) : await tx.tierGroup.create({ data: { name } });
    await tx.tierGroupMember.deleteMany({ where: { groupId: group.id } });
    await tx.tierGroupMember.createMany({ data: syncIds.map((syncId, i) => ({ groupId: group.id, syncId, rank: i + 1 })) });
    const after = view((await tx.tierGroup.findUnique({ where: { id: group.id }, include }))!);
    await recordAudit(tx, actor, {
      action: id ? "tier_group.update" : "tier_group.create",
      entityType: "tier_group",
      entityId: group.id,
      before: before ? { name: before.name, syncIds: before.members.map((m) => m.syncId) } : null,
      after: { name, syncIds },
    });
    return after;
  });
}

export async function deleteTierGroup(actor: Actor, id: string): Promise<void> {
  requireRole(actor, "editor");
  await db().$transaction(async (tx) => {
    const before = await tx.tierGroup.findUnique({ where: { id }, include });
    if (!before) throw new AppError("not_found", "That tier group no longer exists.");
    await tx.tierGroup.delete({ where: { id } });
    await recordAudit(tx, actor, {
      action: "tier_group.delete",
      entityType: "tier_group",
      entityId: id,
      before: { name: before.name, syncIds: before.members.map((m) => m.syncId) },
      after: null,
    });
  });
}
