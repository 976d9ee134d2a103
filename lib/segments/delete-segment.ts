import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { referencedSegmentIds } from "@/lib/segments/references";
import { findSegmentOrThrow, loadStoredSegments } from "@/lib/segments/store";

/**
 * Deletes a segment with its members, transitions and versions. Refused (409) while a
 * sync, a suppression rule or another segment's rules still use it: those would silently
 * change meaning.
 */
export async function deleteSegment(actor: Actor, id: string) {
  requireRole(actor, "editor");
  await db().$transaction(async (tx) => {
    const segment = await findSegmentOrThrow(id, tx);
    const [syncs, rules, stored] = await Promise.all([
      tx.sync.findMany({ where: { segmentId: id }, select: { name: true } }),
      tx.suppressionRule.findMany({ where: { segmentId: id }, select: { name: true } }),
      loadStoredSegments(tx),
    ]);
    const dependents = stored.filter((s) => s.id !== id && s.definition && referencedSegmentIds(s.definition).includes(id));
    const users = [...syncs.map((s) => `sync “${s.name}”`), ...rules.map((r) => `suppression rule “${r.name}”`), ...dependents.map((s) => `segment “${s.name}”`)];
    if (users.length) throw new AppError("conflict", `“${segment.name}” is still used by ${users.join(", ")}. Remove it there first.`, { usedBy: users });
    await tx.segment.delete({ where: { id } });
    await recordAudit(tx, actor, { action: "segment.deleted", entityType: "segment", entityId: id, before: { name: segment.name, version: segment.version, definition: segment.definition } });
  });
}
