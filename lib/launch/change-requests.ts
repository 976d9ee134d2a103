import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { updateSegment } from "@/lib/segments/update-segment";
import { setSyncState } from "@/lib/sync/update-sync";
import { parseHuman } from "@/lib/validation/human-issue";

// Pending changes and an admin's decision. Approving applies the stored change through the same
// domain function an admin would call (so the launch checklist and the risky-edit guard still
// apply, with the admin's own rights); rejecting leaves the live configuration as it is.

export type ChangeRequestView = {
  id: string;
  kind: string;
  entityType: string;
  entityId: string;
  title: string;
  diff: unknown;
  status: string;
  requestedBy: string;
  createdAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  comment: string | null;
};

export const listChangeRequestsQuery = z.object({
  status: z.enum(["pending", "approved", "rejected", "superseded", "all"]).default("pending"),
});

export async function listChangeRequests(
  filter: { status?: string; entityType?: string; entityId?: string } = {},
): Promise<ChangeRequestView[]> {
  const rows = await db().changeRequest.findMany({
    where: {
      ...(filter.status && filter.status !== "all" ? { status: filter.status } : {}),
      ...(filter.entityType ? { entityType: filter.entityType, entityId: filter.entityId } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    entityType: r.entityType,
    entityId: r.entityId,
    title: r.title,
    diff: r.diff,
    status: r.status,
    requestedBy: r.requestedByLabel,
    createdAt: r.createdAt,
    decidedBy: r.decidedByLabel,
    decidedAt: r.decidedAt,
    comment: r.comment,
  }));
}

export const decisionInput = z
  .object({
    decision: z.enum(["approve", "reject"]),
    comment: z.string().trim().max(1000).meta({ label: "Comment" }).optional(),
    /** Approving a go-live whose gates are open again: the admin's override reason. */
    override: z.string().trim().max(1000).meta({ label: "Reason for the override" }).optional(),
  })
  .strict()
  .refine((d) => d.decision === "approve" || (d.comment && d.comment.length >= 3), {
    message: "Say why you reject it",
    path: ["comment"],
  });

export async function decideChangeRequest(actor: Actor, id: string, input: unknown): Promise<ChangeRequestView> {
  requireRole(actor, "admin");
  const data = parseHuman(decisionInput, input);
  const request = await db().changeRequest.findUnique({ where: { id } });
  if (!request) throw new AppError("not_found", "No such change request.");
  if (request.status !== "pending") throw new AppError("conflict", `This request was already ${request.status}.`);
  if (data.decision === "approve") {
    const payload = (request.payload ?? {}) as Record<string, unknown>;
    if (request.kind === "sync_live") await setSyncState(actor, request.entityId, { state: "live", override: data.override ?? null });
    // The admin saw the audiences' figures in the request: approving is the confirmation.
    else if (request.kind === "segment_change") await updateSegment(actor, request.entityId, { ...payload, confirmRisk: true });
    else throw new AppError("conflict", `Unknown kind of change: ${request.kind}.`);
  }
  const status = data.decision === "approve" ? "approved" : "rejected";
  await db().$transaction(async (tx) => {
    await tx.changeRequest.update({
      where: { id },
      data: { status, decidedById: actor.id, decidedByLabel: actor.label, decidedAt: new Date(), comment: data.comment ?? null },
    });
    await recordAudit(tx, actor, {
      action: `change_request.${status}`,
      entityType: request.entityType,
      entityId: request.entityId,
      after: { changeRequestId: id, title: request.title, comment: data.comment ?? null },
    });
  });
  return (await listChangeRequests({ status: "all" })).find((r) => r.id === id)!;
}
