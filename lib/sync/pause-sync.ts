import { systemActor, type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";

// An auth error means every further call will fail the same way until a person fixes the
// credentials, token or terms: pause the sync and say why, instead of failing every 15 minutes
// with "Internal Error" for days (ARCHITECTURE §7).
export async function pauseSync(syncId: string, reason: string, actor: Actor = systemActor("sync engine")) {
  await db().$transaction(async (tx) => {
    const before = await tx.sync.findUnique({ where: { id: syncId }, select: { state: true, pausedReason: true } });
    if (!before) return;
    await tx.sync.update({ where: { id: syncId }, data: { state: "paused", pausedReason: reason.slice(0, 1000), nextRunAt: null } });
    await recordAudit(tx, actor, {
      action: "sync.paused",
      entityType: "sync",
      entityId: syncId,
      before,
      after: { state: "paused", pausedReason: reason },
    });
  });
}
