import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { inTransaction } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { markAcknowledged, type ActiveAlert } from "@/lib/monitoring/alerts/alert-transitions";
import { auditWithClient } from "@/lib/monitoring/alerts/audit-with-client";
import { getAlert, type AlertView } from "@/lib/monitoring/alerts/list-alerts";

// "I'm on it": an open alert becomes acknowledged (editors and admins). Its channels are told
// once (PagerDuty stops paging), the audit log records who, and the alert still resolves by
// itself when the condition clears. Acknowledging twice changes nothing and tells no one again.

export async function acknowledgeAlert(actor: Actor, alertId: string): Promise<AlertView> {
  requireRole(actor, "editor");
  await inTransaction(async (client) => {
    const { rows } = await client.query<ActiveAlert & { channel_ids: string[] | null }>(
      `SELECT a.id, a.rule_id, a.subject, a.state, a.severity, a.title, a.summary, a.cause, a.figures, r.channel_ids
         FROM alerts a LEFT JOIN alert_rules r ON r.id = a.rule_id WHERE a.id = $1 FOR UPDATE OF a`,
      [alertId],
    );
    const alert = rows[0];
    if (!alert) throw new AppError("not_found", "No such alert.");
    if (alert.state === "open") {
      await markAcknowledged(client, alert, alert.channel_ids ?? [], actor.label);
      await auditWithClient(client, actor, {
        action: "alert.acknowledged",
        entityType: "alert",
        entityId: alertId,
        before: { state: "open" },
        after: { state: "acknowledged", title: alert.title },
      });
    } else if (alert.state !== "acknowledged") {
      throw new AppError("conflict", "This alert has already cleared; there is nothing to acknowledge.");
    }
  });
  return getAlert(alertId);
}
