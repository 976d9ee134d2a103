import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { connectorFor } from "@/lib/connectors/registry";
import { AppError } from "@/lib/errors";
import type { Sync } from "@/lib/generated/prisma/client";
import { checkGoLive } from "@/lib/launch/go-live";
import { needsApproval, requestChange } from "@/lib/launch/request-change";
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

/**
 * Go live (runs at once), pause, or back to draft. Resuming clears the reason a pause gave.
 * Going live passes the launch checklist (lib/launch/go-live.ts) or an admin's override with a
 * reason; with approvals on, an editor's go-live becomes a pending request and nothing changes.
 */
export async function setSyncState(
  actor: Actor,
  syncId: string,
  input: { state: "draft" | "live" | "paused"; override?: string | null },
): Promise<Sync & { changeRequestId?: string }> {
  requireRole(actor, "editor");
  const { state, override } = syncStateInput.parse(input);
  const current = await db().sync.findUnique({ where: { id: syncId }, select: { state: true, name: true } });
  if (!current) throw new AppError("not_found", "No such sync.");
  const goingLive = state === "live" && current.state !== "live";
  const decision = goingLive ? await checkGoLive(actor, syncId, override) : { override: null };
  if (goingLive && (await needsApproval(actor))) {
    const request = await requestChange(actor, {
      kind: "sync_live",
      entityType: "sync",
      entityId: syncId,
      title: `Set “${current.name}” live`,
      payload: { state: "live" },
      diff: { state: { before: current.state, after: "live" } },
    });
    const unchanged = await db().sync.findUniqueOrThrow({ where: { id: syncId } });
    return { ...unchanged, changeRequestId: request.changeRequestId };
  }
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
    if (decision.override)
      await recordAudit(tx, actor, { action: "sync.launch_overridden", entityType: "sync", entityId: syncId, after: decision.override });
    await recordAudit(tx, actor, {
      action: `sync.${state === "live" ? "started" : state}`,
      entityType: "sync",
      entityId: syncId,
      before,
      after: { state, ...(decision.override && { override: decision.override }) },
    });
    return sync;
  });
}
