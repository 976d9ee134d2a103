import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseHuman } from "@/lib/validation/human-issue";

// The launch plan's two typed-in facts: who owns the sync's alerts (a person who signs in) and
// the metric its holdout is measured on (an event name; default order_completed).

export const launchPlanInput = z
  .object({
    alertOwnerId: z.string().min(1).max(64).nullable().meta({ label: "Alert owner" }),
    metric: z
      .string()
      .trim()
      .min(1, "Name the event that counts as a success")
      .max(100)
      .regex(/^[\w.:-]+$/, "An event name: letters, digits, _ . : -")
      .meta({ label: "Metric" }),
  })
  .partial()
  .strict();

export async function updateLaunchPlan(actor: Actor, syncId: string, input: unknown) {
  requireRole(actor, "editor");
  const data = parseHuman(launchPlanInput, input);
  if (!(await db().sync.findUnique({ where: { id: syncId }, select: { id: true } }))) throw new AppError("not_found", "No such sync.");
  if (data.alertOwnerId) {
    const user = await db().user.findUnique({ where: { id: data.alertOwnerId }, select: { disabledAt: true } });
    if (!user || user.disabledAt)
      throw new AppError("validation_failed", "Choose someone who can sign in.", {
        issues: [{ path: "alertOwnerId", message: "Choose someone who can sign in." }],
      });
  }
  return db().$transaction(async (tx) => {
    const before = await tx.syncLaunchPlan.findUnique({ where: { syncId } });
    const plan = await tx.syncLaunchPlan.upsert({
      where: { syncId },
      create: { syncId, ...data, updatedBy: actor.label },
      update: { ...data, updatedBy: actor.label },
    });
    await recordAudit(tx, actor, { action: "sync.launch_plan_updated", entityType: "sync", entityId: syncId, before, after: data });
    return plan;
  });
}
