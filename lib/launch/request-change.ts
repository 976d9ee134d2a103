import type { Actor } from "@/lib/auth/actor";
import { hasRole } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { launchSettings } from "@/lib/launch/launch-settings";

// Approvals (workspace setting): while on, an editor's go-live and an editor's change to a segment
// that feeds a live sync are stored as a pending request instead of applied. The live
// configuration stays as it is until an admin approves (decide-change-request.ts applies it then).

export type ChangeKind = "sync_live" | "segment_change";
export type PendingChange = { changeRequestId: string; status: "pending" };

/** Whether this actor's change must wait for an admin: approvals on and the actor is not an admin. */
export async function needsApproval(actor: Actor): Promise<boolean> {
  return !hasRole(actor.role, "admin") && (await launchSettings()).approvalsEnabled;
}

export async function requestChange(
  actor: Actor,
  input: { kind: ChangeKind; entityType: string; entityId: string; title: string; payload: unknown; diff: unknown },
): Promise<PendingChange> {
  const json = (v: unknown) => JSON.parse(JSON.stringify(v ?? {})) as Prisma.InputJsonValue;
  return db().$transaction(async (tx) => {
    // One open request per change target: a newer request replaces the one still waiting.
    await tx.changeRequest.updateMany({
      where: { kind: input.kind, entityType: input.entityType, entityId: input.entityId, status: "pending" },
      data: { status: "superseded", decidedAt: new Date(), decidedByLabel: actor.label, comment: "Replaced by a newer request." },
    });
    const row = await tx.changeRequest.create({
      data: {
        kind: input.kind,
        entityType: input.entityType,
        entityId: input.entityId,
        title: input.title,
        payload: json(input.payload),
        diff: json(input.diff),
        requestedById: actor.id,
        requestedByLabel: actor.label,
      },
    });
    await recordAudit(tx, actor, {
      action: "change_request.created",
      entityType: input.entityType,
      entityId: input.entityId,
      after: { changeRequestId: row.id, kind: input.kind, title: input.title, diff: input.diff },
    });
    return { changeRequestId: row.id, status: "pending" as const };
  });
}
