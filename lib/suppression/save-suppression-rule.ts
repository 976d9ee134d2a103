import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  createSuppressionRuleInput,
  updateSuppressionRuleInput,
  type CreateSuppressionRuleInput,
  type UpdateSuppressionRuleInput,
} from "@/lib/suppression/suppression-schemas";
import { enqueueSyncsForSegment } from "@/lib/sync/trigger-run";

// Creating, changing and deleting rules. A change takes effect on each sync's next run; syncs a
// new or widened rule now covers are enqueued at once, so the people it holds out leave promptly.

export async function createSuppressionRule(actor: Actor, input: CreateSuppressionRuleInput) {
  requireRole(actor, "editor");
  const data = createSuppressionRuleInput.parse(input);
  await assertRefs(data.segmentId, data.syncIds);
  const rule = await db().$transaction(async (tx) => {
    const row = await tx.suppressionRule.create({
      data: {
        name: data.name,
        segmentId: data.segmentId,
        scope: data.scope,
        enabled: data.enabled,
        syncs: { create: data.scope === "selected" ? data.syncIds.map((syncId) => ({ syncId })) : [] },
      },
    });
    await recordAudit(tx, actor, { action: "suppression_rule.created", entityType: "suppression_rule", entityId: row.id, after: data });
    return row;
  });
  if (rule.enabled) await enqueueSyncsForSegment(rule.segmentId).catch(() => {});
  return rule;
}

export async function updateSuppressionRule(actor: Actor, ruleId: string, input: UpdateSuppressionRuleInput) {
  requireRole(actor, "editor");
  const data = updateSuppressionRuleInput.parse(input);
  const rule = await db().$transaction(async (tx) => {
    const before = await tx.suppressionRule.findUnique({ where: { id: ruleId }, include: { syncs: { select: { syncId: true } } } });
    if (!before) throw new AppError("not_found", "No such suppression rule.");
    const scope = data.scope ?? before.scope;
    const syncIds = data.syncIds ?? before.syncs.map((s) => s.syncId);
    if (scope === "selected" && syncIds.length === 0)
      throw new AppError("validation_failed", "Choose at least one sync", {
        issues: [{ path: "syncIds", message: "Choose at least one sync" }],
      });
    await assertRefs(data.segmentId ?? before.segmentId, data.syncIds ?? []);
    if (data.syncIds || data.scope) {
      await tx.suppressionRuleSync.deleteMany({ where: { ruleId } });
      if (scope === "selected") await tx.suppressionRuleSync.createMany({ data: syncIds.map((syncId) => ({ ruleId, syncId })) });
    }
    const row = await tx.suppressionRule.update({
      where: { id: ruleId },
      data: { name: data.name, segmentId: data.segmentId, scope: data.scope, enabled: data.enabled },
    });
    await recordAudit(tx, actor, {
      action: "suppression_rule.updated",
      entityType: "suppression_rule",
      entityId: ruleId,
      before: {
        name: before.name,
        segmentId: before.segmentId,
        scope: before.scope,
        enabled: before.enabled,
        syncIds: before.syncs.map((s) => s.syncId),
      },
      after: data,
    });
    return row;
  });
  if (rule.enabled) await enqueueSyncsForSegment(rule.segmentId).catch(() => {});
  return rule;
}

export async function deleteSuppressionRule(actor: Actor, ruleId: string) {
  requireRole(actor, "editor");
  await db().$transaction(async (tx) => {
    const before = await tx.suppressionRule.findUnique({ where: { id: ruleId } });
    if (!before) throw new AppError("not_found", "No such suppression rule.");
    await tx.suppressionRule.delete({ where: { id: ruleId } });
    await recordAudit(tx, actor, { action: "suppression_rule.deleted", entityType: "suppression_rule", entityId: ruleId, before });
  });
}

async function assertRefs(segmentId: string, syncIds: string[]) {
  if (!(await db().segment.findFirst({ where: { id: segmentId, archivedAt: null } }))) {
    throw new AppError("validation_failed", "Choose an active segment.", {
      issues: [{ path: "segmentId", message: "Choose an active segment." }],
    });
  }
  const found = syncIds.length ? await db().sync.count({ where: { id: { in: syncIds } } }) : 0;
  if (found !== new Set(syncIds).size)
    throw new AppError("validation_failed", "Some of the chosen syncs do not exist.", {
      issues: [{ path: "syncIds", message: "Some of the chosen syncs do not exist." }],
    });
}
