import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { canonicalDefinition } from "@/lib/segments/canonical";
import { asJson, authorId, checkAndDescribe, refreshAfterSave } from "@/lib/segments/save-helpers";
import { updateSegmentInput } from "@/lib/segments/segment-input";
import { parseHuman } from "@/lib/validation/human-issue";
import { guardLiveSegmentChange } from "@/lib/launch/guard-segment-change";
import { definitionOrBadRequest, findSegmentOrThrow, storedDefinition } from "@/lib/segments/store";

/**
 * Changes name, description, refresh interval and/or the definition. A definition that
 * means something different (not just reordered) becomes a new version with its own
 * summary, and membership is refreshed right after the save.
 * When the segment feeds live syncs, the change passes the risky-edit guard first (a change
 * removing too much of a live audience, or emptying one, needs `confirmRisk`), and with
 * approvals on an editor's change is stored as a pending request instead (lib/launch).
 */
export async function updateSegment(actor: Actor, id: string, input: unknown) {
  requireRole(actor, "editor");
  const { confirmRisk, ...data } = parseHuman(updateSegmentInput, input);
  const definition = data.definition === undefined ? null : definitionOrBadRequest(data.definition);
  const guarded = await guardLiveSegmentChange(actor, id, { ...data, definition }, confirmRisk ?? false);
  if (guarded.pending) return { segment: guarded.segment, versionCreated: false, refresh: null, changeRequestId: guarded.pending };
  const result = await db().$transaction(async (tx) => {
    // The row lock orders this save with any refresh in flight.
    await tx.$queryRaw`SELECT id FROM segments WHERE id = ${id} FOR UPDATE`;
    const before = await findSegmentOrThrow(id, tx);
    const previous = storedDefinition(before.definition);
    const changed = definition !== null && (!previous || canonicalDefinition(previous) !== canonicalDefinition(definition));
    const version = changed ? before.version + 1 : before.version;
    const summary = definition ? await checkAndDescribe(tx, definition, id) : null;
    const updated = await tx.segment.update({
      where: { id },
      data: {
        ...(data.name !== undefined && { name: data.name }),
        ...(data.description !== undefined && { description: data.description ?? null }),
        ...(data.refreshIntervalMinutes !== undefined && { refreshIntervalMinutes: data.refreshIntervalMinutes }),
        ...(changed && { definition: asJson(definition!), capDays: definition!.cap?.days ?? null, version }),
      },
    });
    if (changed)
      await tx.segmentVersion.create({
        data: { segmentId: id, version, definition: asJson(definition!), summary, createdById: authorId(actor) },
      });
    await recordAudit(tx, actor, {
      action: "segment.updated",
      entityType: "segment",
      entityId: id,
      before: {
        name: before.name,
        description: before.description,
        refreshIntervalMinutes: before.refreshIntervalMinutes,
        version: before.version,
        ...(changed && { definition: previous }),
      },
      after: {
        name: updated.name,
        description: updated.description,
        refreshIntervalMinutes: updated.refreshIntervalMinutes,
        version,
        ...(changed && { definition, summary }),
      },
    });
    return { segment: updated, changed };
  });
  const refresh = result.changed ? await refreshAfterSave(id) : null;
  return { segment: result.segment, versionCreated: result.changed, refresh };
}
