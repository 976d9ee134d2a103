import type pg from "pg";
import { enqueueDeliveries } from "@/lib/delivery/enqueue";

// The one way an alert's change reaches people: one notification per channel, put in that
// channel's ledger outbox (endpoint id = channel id) in the caller's transaction, so the alert's
// transition and the notifications it owes commit together or not at all. The ledger then sends,
// retries, holds and records attempts; the channel's renderer (lib/monitoring/notifications)
// turns this same record into the email, Slack message, PagerDuty event or webhook body, so what
// a person reads in the notification is what the Alerts page shows.

export type AlertTransition = {
  alertId: string;
  ruleId: string;
  transition: "opened" | "severity_changed" | "resolved" | "acknowledged";
  severity: "warning" | "critical";
  title: string;
  summary: string;
  cause: string | null;
  figures: Record<string, number | string | null>;
  url: string;
  occurredAt: Date;
  channelIds: string[];
};

/** What the outbox holds for an alert notification (JSON: dates as ISO strings). */
export type AlertNotificationPayload = {
  type: "alert";
  alert: Omit<AlertTransition, "occurredAt" | "channelIds"> & { occurredAt: string };
};

/** Puts one notification per channel in the ledger, in the caller's transaction (ordering key = alert id). */
export async function enqueueAlertNotifications(client: Pick<pg.PoolClient, "query">, t: AlertTransition): Promise<number> {
  const ids = [...new Set(t.channelIds)];
  if (!ids.length) return 0;
  // A rule may still name a channel someone has since deleted: it is skipped, not an error that
  // would roll back the alert itself. FOR SHARE keeps a concurrent delete from racing the insert.
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM notification_channels WHERE id = ANY($1::text[]) ORDER BY id FOR SHARE`,
    [ids],
  );
  const { channelIds: _channels, occurredAt, ...rest } = t;
  const payload: AlertNotificationPayload = { type: "alert", alert: { ...rest, occurredAt: occurredAt.toISOString() } };
  let count = 0;
  for (const { id } of rows) {
    count += (await enqueueDeliveries(client, id, [{ orderingKey: t.alertId, payload }])).length;
  }
  return count;
}
