import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db, inTransaction, pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { resolveAlert, type ActiveAlert } from "@/lib/monitoring/alerts/alert-transitions";
import { at } from "@/lib/monitoring/alerts/likely-cause";
import {
  createRuleInput,
  parseStoredRule,
  PARAMS,
  SYNC_KINDS,
  updateRuleInput,
  type CreateRuleInputIn,
  type RuleKind,
  type StoredRule,
  type UpdateRuleInput,
} from "@/lib/monitoring/alerts/rule-schemas";
import { parseHuman, safeParseHuman } from "@/lib/validation/human-issue";
import { auditWithClient } from "@/lib/monitoring/alerts/audit-with-client";

// Creating, changing and deleting alert rules (editors and admins). The defaults every sync has
// can have their channels, severity and thresholds changed, never be switched off or deleted.
// The next evaluation (within a minute) applies a change; deleting a rule resolves its alerts.

const invalid = (path: string, message: string) => new AppError("validation_failed", message, { issues: [{ path, message }] });

async function assertRefs(r: { scope: { type: string; id?: string | null }; channelIds: string[]; kind: RuleKind; params: unknown }) {
  if (r.scope.type === "sync" && !(await db().sync.findUnique({ where: { id: r.scope.id! }, select: { id: true } })))
    throw invalid("scope.id", "No such sync");
  if (r.scope.type === "destination" && !(await db().destination.findUnique({ where: { id: r.scope.id! }, select: { id: true } })))
    throw invalid("scope.id", "No such destination");
  if (r.channelIds.length) {
    const { rows } = await pool().query<{ id: string }>("SELECT id FROM notification_channels WHERE id = ANY($1::text[])", [r.channelIds]);
    const missing = r.channelIds.filter((id) => !rows.some((x) => x.id === id));
    if (missing.length) throw invalid("channelIds", `No such notification channel: ${missing.join(", ")}`);
  }
  if (r.kind === "delivery_backlog") {
    const endpointId = (r.params as { endpointId?: string | null }).endpointId;
    if (endpointId && !(await pool().query("SELECT 1 FROM delivery_endpoints WHERE id = $1", [endpointId])).rowCount)
      throw invalid("params.endpointId", "No such event stream");
  }
}

export async function createAlertRule(actor: Actor, input: CreateRuleInputIn): Promise<StoredRule> {
  requireRole(actor, "editor");
  const data = parseHuman(createRuleInput, input);
  await assertRefs(data);
  return db().$transaction(async (tx) => {
    const row = await tx.alertRule.create({
      data: {
        name: data.name,
        kind: data.kind,
        severity: data.severity,
        scopeType: data.scope.type,
        scopeId: data.scope.type === "all" ? null : data.scope.id,
        params: data.params as object,
        channelIds: data.channelIds,
        enabled: data.enabled,
      },
    });
    await recordAudit(tx, actor, { action: "alert_rule.created", entityType: "alert_rule", entityId: row.id, after: data });
    return parseStoredRule(row)!;
  });
}

export async function updateAlertRule(actor: Actor, ruleId: string, input: UpdateRuleInput): Promise<StoredRule> {
  requireRole(actor, "editor");
  const data = parseHuman(updateRuleInput, input);
  const before = await db().alertRule.findUnique({ where: { id: ruleId } });
  if (!before) throw new AppError("not_found", "No such alert rule.");
  const kind = before.kind as RuleKind;
  if (!(kind in PARAMS)) throw new AppError("conflict", "This rule's kind is not known to this version of Downstream.");
  if (before.builtin && data.enabled === false)
    throw invalid(
      "enabled",
      "This is a default rule every sync has: it cannot be switched off (change its channels or thresholds instead)",
    );
  if (before.builtin && data.scope && data.scope.type !== "all") throw invalid("scope.type", "A default rule covers every sync");
  let params: unknown = before.params;
  if (data.params) {
    const parsed = safeParseHuman(PARAMS[kind], data.params);
    if (!parsed.success)
      throw new AppError("validation_failed", parsed.error.issues.map((i) => i.message).join("; "), {
        issues: parsed.error.issues.map((i) => ({ path: ["params", ...i.path].join("."), message: i.message })),
      });
    params = parsed.data;
  }
  const scope = data.scope ?? { type: before.scopeType as "sync" | "destination" | "all", id: before.scopeId };
  if (!SYNC_KINDS.includes(kind) && scope.type !== "all")
    throw invalid("scope.type", "This kind of rule watches the whole workspace: its scope is everything");
  await assertRefs({ scope, channelIds: data.channelIds ?? [], kind, params });
  return db().$transaction(async (tx) => {
    const row = await tx.alertRule.update({
      where: { id: ruleId },
      data: {
        name: data.name,
        severity: data.severity,
        scopeType: scope.type,
        scopeId: scope.type === "all" ? null : scope.id,
        params: params as object,
        channelIds: data.channelIds,
        enabled: before.builtin ? true : data.enabled,
      },
    });
    await recordAudit(tx, actor, {
      action: "alert_rule.updated",
      entityType: "alert_rule",
      entityId: ruleId,
      before: {
        name: before.name,
        severity: before.severity,
        scope: { type: before.scopeType, id: before.scopeId },
        params: before.params,
        channelIds: before.channelIds,
        enabled: before.enabled,
      },
      after: data,
    });
    return parseStoredRule(row)!;
  });
}

export async function deleteAlertRule(actor: Actor, ruleId: string) {
  requireRole(actor, "editor");
  const rule = await db().alertRule.findUnique({ where: { id: ruleId } });
  if (!rule) throw new AppError("not_found", "No such alert rule.");
  if (rule.builtin) throw new AppError("conflict", "This is a default rule every sync has: it cannot be deleted.");
  await inTransaction(async (client) => {
    // Its open alerts are closed (and their channels told) before the rule goes.
    const { rows } = await client.query<ActiveAlert>(
      `SELECT id, rule_id, subject, state, severity, title, summary, cause, figures FROM alerts WHERE rule_id = $1 AND state <> 'resolved' FOR UPDATE`,
      [ruleId],
    );
    for (const a of rows)
      await resolveAlert(
        client,
        a,
        `Closed at ${at(new Date())}: the rule “${rule.name}” was deleted by ${actor.label}.`,
        rule.channelIds,
        actor.label,
      );
    await client.query("DELETE FROM alert_rules WHERE id = $1", [ruleId]);
    await auditWithClient(client, actor, { action: "alert_rule.deleted", entityType: "alert_rule", entityId: ruleId, before: rule });
  });
}
