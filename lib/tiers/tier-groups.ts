import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db, pool } from "@/lib/db";
import { AppError } from "@/lib/errors";

// Tier groups (issue 15 item 5): an ordered list of syncs, lowest intent first (rank 1). The sync
// plan reads the ranks (lib/tiers/tier-sql.ts) so each person goes only to their highest tier, and
// the run lock takes the group's lock (lib/sync/run-lock.ts) so two tiers never run at once.

const syncIds = z.array(z.string().min(1).max(100)).min(2, "A tier group needs at least two syncs.").max(10);
const name = z.string().trim().min(1, "Name the tier group.").max(120);

export const tierGroupInput = z.strictObject({
  name,
  /** Lowest intent first, e.g. viewed product, added to cart, started checkout. */
  syncIds,
});

/** PATCH: rename, reorder (the full list in the new order, lowest intent first), or both. */
export const tierGroupPatch = z
  .strictObject({ name: name.optional(), syncIds: syncIds.optional() })
  .refine((v) => v.name !== undefined || v.syncIds !== undefined, "Change the name or the order.");

export type Tier = {
  rank: number;
  syncId: string;
  syncName: string;
  syncState: string;
  segmentId: string;
  segmentName: string;
  destinationId: string;
  destinationName: string;
  destinationKind: string;
  /** People the destination has now, as delivered (audience_members, what the sync page shows). */
  audienceSize: number;
};
export type TierGroup = { id: string; name: string; createdAt: Date; tiers: Tier[] };

/** Every group (or one), tiers lowest intent first, with each tier's live audience size. */
async function load(id?: string): Promise<TierGroup[]> {
  const { rows } = await pool().query<{
    group_id: string;
    group_name: string;
    created_at: Date;
    rank: number;
    sync_id: string;
    sync_name: string;
    sync_state: string;
    segment_id: string;
    segment_name: string;
    destination_id: string;
    destination_name: string;
    destination_kind: string;
    audience_size: number;
  }>(
    `SELECT g.id AS group_id, g.name AS group_name, g.created_at, m.rank, s.id AS sync_id, s.name AS sync_name, s.state AS sync_state,
       seg.id AS segment_id, seg.name AS segment_name, d.id AS destination_id, d.name AS destination_name, d.kind AS destination_kind,
       (SELECT count(*)::int FROM audience_members am WHERE am.sync_id = s.id) AS audience_size
     FROM tier_groups g
     JOIN tier_group_members m ON m.group_id = g.id
     JOIN syncs s ON s.id = m.sync_id
     JOIN segments seg ON seg.id = s.segment_id
     JOIN destinations d ON d.id = s.destination_id
     WHERE $1::text IS NULL OR g.id = $1
     ORDER BY g.name, g.id, m.rank`,
    [id ?? null],
  );
  const groups = new Map<string, TierGroup>();
  for (const r of rows) {
    let g = groups.get(r.group_id);
    if (!g) groups.set(r.group_id, (g = { id: r.group_id, name: r.group_name, createdAt: r.created_at, tiers: [] }));
    g.tiers.push({
      rank: r.rank,
      syncId: r.sync_id,
      syncName: r.sync_name,
      syncState: r.sync_state,
      segmentId: r.segment_id,
      segmentName: r.segment_name,
      destinationId: r.destination_id,
      destinationName: r.destination_name,
      destinationKind: r.destination_kind,
      audienceSize: r.audience_size,
    });
  }
  return [...groups.values()];
}

export async function listTierGroups(actor: Actor): Promise<TierGroup[]> {
  requireRole(actor, "viewer");
  return load();
}

export async function getTierGroup(actor: Actor, id: string): Promise<TierGroup> {
  requireRole(actor, "viewer");
  const [group] = await load(id);
  if (!group) throw new AppError("not_found", "That tier group no longer exists.");
  return group;
}

/** The sync page's line: "Tier 2 of 3 in Shopping intent". Null when the sync is in no group. */
export async function tierOfSync(syncId: string): Promise<{ groupId: string; groupName: string; rank: number; of: number } | null> {
  const { rows } = await pool().query<{ group_id: string; group_name: string; rank: number; of: number }>(
    `SELECT g.id AS group_id, g.name AS group_name, m.rank,
       (SELECT count(*)::int FROM tier_group_members o WHERE o.group_id = g.id) AS of
     FROM tier_group_members m JOIN tier_groups g ON g.id = m.group_id WHERE m.sync_id = $1`,
    [syncId],
  );
  const r = rows[0];
  return r ? { groupId: r.group_id, groupName: r.group_name, rank: r.rank, of: r.of } : null;
}

const invalid = (error: z.ZodError) => new AppError("validation_failed", error.issues[0]?.message ?? "Invalid tier group.");

/** Creates a group (`id` absent) or replaces its name and order; a sync may be in one group only. */
export async function saveTierGroup(actor: Actor, input: unknown, id?: string): Promise<TierGroup> {
  requireRole(actor, "editor");
  const parsed = tierGroupInput.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { name, syncIds } = parsed.data;
  if (new Set(syncIds).size !== syncIds.length) throw new AppError("validation_failed", "A sync can be only one tier of a group.");
  const groupId = await db().$transaction(async (tx) => {
    const before = id ? await tx.tierGroup.findUnique({ where: { id }, include: { members: { orderBy: { rank: "asc" } } } }) : null;
    if (id && !before) throw new AppError("not_found", "That tier group no longer exists.");
    const syncs = await tx.sync.findMany({ where: { id: { in: syncIds } }, select: { id: true, tier: { select: { groupId: true } } } });
    if (syncs.length !== syncIds.length) throw new AppError("validation_failed", "One of the syncs no longer exists.");
    if (syncs.some((s) => s.tier && s.tier.groupId !== id))
      throw new AppError("conflict", "One of the syncs is already a tier of another group.");
    const group = id ? await tx.tierGroup.update({ where: { id }, data: { name } }) : await tx.tierGroup.create({ data: { name } });
    await tx.tierGroupMember.deleteMany({ where: { groupId: group.id } });
    await tx.tierGroupMember.createMany({ data: syncIds.map((syncId, i) => ({ groupId: group.id, syncId, rank: i + 1 })) });
    await recordAudit(tx, actor, {
      action: id ? "tier_group.update" : "tier_group.create",
      entityType: "tier_group",
      entityId: group.id,
      before: before ? { name: before.name, syncIds: before.members.map((m) => m.syncId) } : null,
      after: { name, syncIds },
    });
    return group.id;
  });
  return (await load(groupId))[0]!;
}

/** Rename and/or reorder: what is left out stays as it was. */
export async function updateTierGroup(actor: Actor, id: string, input: unknown): Promise<TierGroup> {
  requireRole(actor, "editor");
  const parsed = tierGroupPatch.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const current = await getTierGroup(actor, id);
  return saveTierGroup(
    actor,
    { name: parsed.data.name ?? current.name, syncIds: parsed.data.syncIds ?? current.tiers.map((t) => t.syncId) },
    id,
  );
}

export async function deleteTierGroup(actor: Actor, id: string): Promise<void> {
  requireRole(actor, "editor");
  await db().$transaction(async (tx) => {
    const before = await tx.tierGroup.findUnique({ where: { id }, include: { members: { orderBy: { rank: "asc" } } } });
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

/** Syncs that can become a tier: every sync not yet in a group (the new-group form's choices). */
export async function tierChoices(): Promise<{ id: string; name: string; segmentName: string; destinationName: string }[]> {
  const { rows } = await pool().query<{ id: string; name: string; segment_name: string; destination_name: string }>(
    `SELECT s.id, s.name, g.name AS segment_name, d.name AS destination_name
       FROM syncs s JOIN segments g ON g.id = s.segment_id JOIN destinations d ON d.id = s.destination_id
      WHERE NOT EXISTS (SELECT 1 FROM tier_group_members m WHERE m.sync_id = s.id)
      ORDER BY s.name`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, segmentName: r.segment_name, destinationName: r.destination_name }));
}
