import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { connectorFor } from "@/lib/connectors/registry";
import { AppError } from "@/lib/errors";
import { assertIdentifiers } from "@/lib/sync/create-sync";
import { syncStateInput, updateSyncInput, type UpdateSyncInput } from "@/lib/sync/sync-schemas";

export async function updateSync(actor: Actor, syncId: string, input: UpdateSyncInput) {
  requireRole(actor, "editor");
  const data = updateSyncInput.parse(input);
  return db().$transaction(async (tx) => {
    const before = await tx.sync.findUnique({ where: { id: syncId }, include: { destination: { select: { kind: true } } } });
    if (!before) throw new AppError("not_found", "No such sync.");
    if (data.identifiers) assertIdentifiers(connectorFor(before.destination.kind), data.identifiers);
    if (data.segmentId && !(await tx.segment.findFirst({ where: { id: data.segmentId, archivedAt: null } })))
      throw new AppError("validation_failed", "Choose an active segment.");
    const { destination: _d, ...plain } = before;
    const sync = await tx.sync.update({ where: { id: syncId }, data });
    await recordAudit(tx, actor, { action: "sync.updated", entityType: "sync", entityId: syncId, before: plain, after: data });
    return sync;
  });
}

/** Go live (runs at once), pause, or back to draft. Resuming clears the reason a pause gave. */
export async function setSyncState(actor: Actor, syncId: string, input: { state: "draft" | "live" | "paused" }) {
  requireRole(actor, "editor");
  const { state } = syncStateInput.parse(input);
  return db().$transaction(async (tx) => {
    const before = await tx.sync.findUnique({ where: { id: syncId }, select: { state: true, pausedReason: true } });
    if (!before) throw new AppError("not_found", "No such sync.");
    const sync = await tx.sync.update({
      where: { id: syncId },
      data: {
        state,
        pausedReason: state === "paused" ? `Paused by ${actor.label}` : null,
        nextRunAt: state === "live" ? new Date() : null,
      },
    });
    await recordAudit(tx, actor, {
      action: `sync.${state === "live" ? "started" : state}`,
      entityType: "sync",
      entityId: syncId,
      before,
      after: { state },
    });
    return sync;
  });
}
