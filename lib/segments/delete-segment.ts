import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { segmentUsage, usageText } from "@/lib/segments/segment-usage";
import { findSegmentOrThrow } from "@/lib/segments/store";

/**
 * Deletes a segment with its members, transitions and versions. Refused (409) while a
 * sync, a suppression rule or another segment's rules still use it: those would silently
 * change meaning.
 */
export async function deleteSegment(actor: Actor, id: string) {
  requireRole(actor, "editor");
  await db().$transaction(async (tx) => {
    const segment = await findSegmentOrThrow(id, tx);
    const uses = await segmentUsage(id, tx);
    if (uses.length)
      throw new AppError("conflict", `“${segment.name}” is still used by ${usageText(uses)}. Remove it there first.`, {
        usedBy: uses.map((u) => `${u.kind} “${u.name}”`),
      });
    await tx.segment.delete({ where: { id } });
    await recordAudit(tx, actor, {
      action: "segment.deleted",
      entityType: "segment",
      entityId: id,
      before: { name: segment.name, version: segment.version, definition: segment.definition },
    });
  });
}
