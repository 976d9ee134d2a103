import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** Refused while syncs use it: deleting them first is a decision about their audiences. */
export async function deleteDestination(actor: Actor, destinationId: string) {
  requireRole(actor, "editor");
  await db().$transaction(async (tx) => {
    const before = await tx.destination.findUnique({ where: { id: destinationId }, include: { _count: { select: { syncs: true } } } });
    if (!before) throw new AppError("not_found", "No such destination.");
    if (before._count.syncs > 0)
      throw new AppError(
        "conflict",
        `${before.name} is used by ${before._count.syncs} sync${before._count.syncs === 1 ? "" : "s"}; delete those first.`,
      );
    await tx.destination.delete({ where: { id: destinationId } });
    await recordAudit(tx, actor, {
      action: "destination.deleted",
      entityType: "destination",
      entityId: destinationId,
      before: { name: before.name, kind: before.kind },
    });
  });
}
