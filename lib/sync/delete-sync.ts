import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * Deletes the sync and its records (runs, delivered set, holdouts). The remote audience stays on
 * the platform: removing people from a live ad audience is a decision to make there, not a side
 * effect of cleaning up here.
 */
export async function deleteSync(actor: Actor, syncId: string) {
  requireRole(actor, "editor");
  await db().$transaction(async (tx) => {
    const before = await tx.sync.findUnique({
      where: { id: syncId },
      select: { name: true, segmentId: true, destinationId: true, remoteAudienceName: true },
    });
    if (!before) throw new AppError("not_found", "No such sync.");
    // audience_members has no foreign key (bulk-insert speed, see the sync_engine migration).
    await tx.audienceMember.deleteMany({ where: { syncId } });
    await tx.sync.delete({ where: { id: syncId } });
    await recordAudit(tx, actor, { action: "sync.deleted", entityType: "sync", entityId: syncId, before });
  });
}
