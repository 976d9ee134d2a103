import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Figures } from "@/lib/monitoring/alerts/finding";
import type { Severity } from "@/lib/monitoring/alerts/rule-schemas";
import { enqueueAlertNotifications, type AlertTransition } from "@/lib/monitoring/notify-alert";

// The alert state machine's writes: open → acknowledged → resolved, a severity change in
// between. Each writes the alert, one transition row and the notifications it owes, all with
// the caller's client inside the caller's transaction: an alert that opened is a notification
// owed, and a rolled-back evaluation owes none. Nothing else changes an alert's state.

type Client = Pick<pg.PoolClient, "query">;

export type ActiveAlert = {
  id: string;
  rule_id: string | null;
  subject: string;
  state: "open" | "acknowledged";
  severity: Severity;
  title: string;
  summary: string;
  cause: string | null;
  figures: Figures;
};

export type AlertChange = {
  title: string;
  summary: string;
  cause: string | null;
  figures: Figures;
  severity: Severity;
};

export function alertUrl(alertId: string): string {
  const origin = (process.env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  return `${origin}/alerts#alert-${alertId}`;
}

async function record(
  q: Client,
  alertId: string,
  ruleId: string | null,
  transition: AlertTransition["transition"],
  c: AlertChange,
  channelIds: string[],
  actorLabel: string | null,
) {
  const occurredAt = new Date();
  const notifications = await enqueueAlertNotifications(q as pg.PoolClient, {
    alertId,
    ruleId: ruleId ?? "",
    transition,
    severity: c.severity,
    title: c.title,
    summary: c.summary,
    cause: c.cause,
    figures: c.figures,
    url: alertUrl(alertId),
    occurredAt,
    channelIds,
  });
  await q.query(
    `INSERT INTO alert_transitions (alert_id, transition, severity, summary, cause, figures, actor_label, notifications, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz AT TIME ZONE 'UTC')`,
    [alertId, transition, c.severity, c.summary, c.cause, JSON.stringify(c.figures), actorLabel, notifications, occurredAt],
  );
  return notifications;
}

export async function openAlert(
  q: Client,
  a: { ruleId: string; ruleName: string; subject: string; syncId: string | null } & AlertChange,
  channelIds: string[],
): Promise<string> {
  const id = randomUUID();
  await q.query(
    `INSERT INTO alerts (id, rule_id, rule_name, subject, active_subject, sync_id, state, severity, title, summary, cause, figures, opened_at, updated_at)
     VALUES ($1, $2, $3, $4, $4, $5, 'open', $6, $7, $8, $9, $10, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')`,
    [id, a.ruleId, a.ruleName, a.subject, a.syncId, a.severity, a.title, a.summary, a.cause, JSON.stringify(a.figures)],
  );
  await record(q, id, a.ruleId, "opened", a, channelIds, null);
  return id;
}

export async function changeSeverity(q: Client, alert: ActiveAlert, c: AlertChange, channelIds: string[]) {
  await q.query(
    `UPDATE alerts SET severity = $2, title = $3, summary = $4, cause = $5, figures = $6, updated_at = now() AT TIME ZONE 'UTC' WHERE id = $1`,
    [alert.id, c.severity, c.title, c.summary, c.cause, JSON.stringify(c.figures)],
  );
  await record(q, alert.id, alert.rule_id, "severity_changed", c, channelIds, null);
}

/** The numbers move while the condition holds: the alert shows the latest, and nobody is notified again. */
export async function refreshAlert(q: Client, alert: ActiveAlert, c: Pick<AlertChange, "title" | "summary" | "figures">) {
  await q.query(`UPDATE alerts SET title = $2, summary = $3, figures = $4, updated_at = now() AT TIME ZONE 'UTC' WHERE id = $1`, [
    alert.id,
    c.title,
    c.summary,
    JSON.stringify(c.figures),
  ]);
}

export async function resolveAlert(q: Client, alert: ActiveAlert, why: string, channelIds: string[], actorLabel: string | null = null) {
  await q.query(
    `UPDATE alerts SET state = 'resolved', active_subject = NULL, resolved_at = now() AT TIME ZONE 'UTC', updated_at = now() AT TIME ZONE 'UTC' WHERE id = $1`,
    [alert.id],
  );
  await record(
    q,
    alert.id,
    alert.rule_id,
    "resolved",
    { title: alert.title, summary: why, cause: alert.cause, figures: alert.figures, severity: alert.severity },
    channelIds,
    actorLabel,
  );
}

export async function markAcknowledged(q: Client, alert: ActiveAlert, channelIds: string[], actorLabel: string) {
  await q.query(
    `UPDATE alerts SET state = 'acknowledged', acknowledged_at = now() AT TIME ZONE 'UTC', acknowledged_by = $2, updated_at = now() AT TIME ZONE 'UTC' WHERE id = $1`,
    [alert.id, actorLabel],
  );
  await record(
    q,
    alert.id,
    alert.rule_id,
    "acknowledged",
    {
      title: alert.title,
      summary: `Acknowledged by ${actorLabel}. ${alert.summary}`,
      cause: alert.cause,
      figures: alert.figures,
      severity: alert.severity,
    },
    channelIds,
    actorLabel,
  );
}
