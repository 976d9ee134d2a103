import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db, pool } from "@/lib/db";
import { listAttempts, ATTEMPT_OUTCOME_WORDS, type AttemptView } from "@/lib/delivery/attempts";
import { batchIdFor } from "@/lib/delivery/batch-id";
import { deliverEndpoint } from "@/lib/delivery/deliver-endpoint";
import { enqueueDeliveries } from "@/lib/delivery/enqueue";
import type { DeliverySender } from "@/lib/delivery/sender";
import { AppError } from "@/lib/errors";
import { notificationSender } from "@/lib/monitoring/notifications/notification-sender";
import type { TestNotificationPayload } from "@/lib/monitoring/notifications/render-notification";
import { txQuery } from "@/lib/streams/tx-query";

// "Send test": a test notification goes the way every alert does, through the channel's ledger
// outbox (so the test proves the real path, and its attempt is recorded with the others). This
// asks the ledger for a pass over the channel at once rather than waiting for the worker, and
// answers with what the channel said: delivered, or the transport's error in words.

export type TestResult = {
  testId: string;
  outcome: "delivered" | "failed" | "waiting";
  /** One sentence for the person who pressed the button. */
  message: string;
  attempts: AttemptView[];
};

const WAIT_MS = 20_000;

export async function sendTestNotification(actor: Actor, channelId: string, opts: { sender?: DeliverySender } = {}): Promise<TestResult> {
  requireRole(actor, "editor");
  const sender = opts.sender ?? notificationSender;
  const testId = randomUUID();
  const deliveryIds = await db().$transaction(async (tx) => {
    const channel = await tx.notificationChannel.findUnique({ where: { id: channelId } });
    if (!channel) throw new AppError("not_found", "No such notification channel.");
    const base: TestNotificationPayload = {
      type: "test",
      testId,
      channelName: channel.name,
      requestedBy: actor.label,
      requestedAt: new Date().toISOString(),
    };
    // PagerDuty: the test incident is resolved straight after it is triggered, so no one is left with it.
    const payloads: TestNotificationPayload[] =
      channel.kind === "pagerduty"
        ? [
            { ...base, action: "trigger" },
            { ...base, action: "resolve" },
          ]
        : [base];
    const ids = await enqueueDeliveries(
      txQuery(tx),
      channelId,
      payloads.map((payload) => ({ orderingKey: `test-${testId}`, payload })),
    );
    await recordAudit(tx, actor, {
      action: "notification_channel.tested",
      entityType: "notification_channel",
      entityId: channelId,
      after: { name: channel.name, testId },
    });
    return ids;
  });
  const batchIds = deliveryIds.map((id) => batchIdFor(channelId, [id]));

  // A channel held after failures is probed now: the person pressing the button wants to know today.
  await pool().query(`UPDATE delivery_endpoints SET next_probe_at = now() WHERE id = $1 AND state = 'holding'`, [channelId]);
  const config = await sender.config(channelId);
  const deadline = Date.now() + WAIT_MS;
  let attempts: AttemptView[] = [];
  while (config && Date.now() < deadline) {
    await deliverEndpoint(channelId, sender, config);
    attempts = (await listAttempts(channelId, { limit: 20, batchIds })).attempts;
    const tried = new Set(attempts.map((a) => a.batchId));
    const failed = attempts.find((a) => a.outcome !== "delivered");
    if (failed || batchIds.every((b) => tried.has(b))) break;
    const { rows } = await pool().query<{ state: string }>(`SELECT state FROM delivery_endpoints WHERE id = $1`, [channelId]);
    if (rows[0]?.state === "paused") break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return resultOf(testId, channelId, batchIds, attempts);
}

async function resultOf(testId: string, channelId: string, batchIds: string[], attempts: AttemptView[]): Promise<TestResult> {
  const failed = attempts.find((a) => a.outcome !== "delivered");
  if (failed)
    return {
      testId,
      outcome: "failed",
      message: `${failed.error ?? ATTEMPT_OUTCOME_WORDS[failed.outcome] ?? failed.outcome} The test stays queued and is retried like any notification.`,
      attempts,
    };
  const delivered = new Set(attempts.filter((a) => a.outcome === "delivered").map((a) => a.batchId));
  if (batchIds.every((b) => delivered.has(b)))
    return { testId, outcome: "delivered", message: "Delivered: the channel accepted the test notification.", attempts };
  const { rows } = await pool().query<{ state: string; state_reason: string | null }>(
    `SELECT state, state_reason FROM delivery_endpoints WHERE id = $1`,
    [channelId],
  );
  const ep = rows[0];
  const why =
    ep?.state === "paused"
      ? `The channel is paused${ep.state_reason ? ` (${ep.state_reason})` : ""}; the test goes out when it is resumed.`
      : "The test is queued behind earlier notifications or a slow-down the channel asked for; it goes out as soon as they do.";
  return { testId, outcome: "waiting", message: why, attempts };
}
