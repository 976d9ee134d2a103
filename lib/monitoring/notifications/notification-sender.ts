import { pool } from "@/lib/db";
import { sendHttp } from "@/lib/delivery/http-send";
import type { SendOutcome } from "@/lib/delivery/send-outcome";
import type { DeliverySender, EndpointConfig, OutboundBatch } from "@/lib/delivery/sender";
import { signatureHeaders } from "@/lib/delivery/signing";
import { isAppError } from "@/lib/errors";
import { openChannelCredentials } from "@/lib/monitoring/notifications/channel-credentials";
import { settingsSchemas, type ChannelKind } from "@/lib/monitoring/notifications/channel-schemas";
import {
  recordOf,
  renderEmail,
  renderPagerduty,
  renderSlack,
  renderWebhook,
  type NotificationPayload,
} from "@/lib/monitoring/notifications/render-notification";
import { sendEmail } from "@/lib/monitoring/notifications/smtp-send";

// How the ledger sends a notification: one message per request (each is one email, one Slack
// post, one PagerDuty event), rendered from the alert record in the outbox for the channel's kind.
// Ordering per alert (opened before resolved) is the ledger's; so are retries, holding and records.

/**
 * Seconds after the 1st, 2nd, … failed attempt: 30 s, 1 min, 2 min, 5 min, 10 min, 30 min, then
 * hourly to about a day. Past that the notification is dead, kept and replayable, never dropped.
 */
export const NOTIFICATION_RETRY_SCHEDULE = [30, 60, 120, 300, 600, 1_800, 3_600, 3_600, 7_200, 7_200, 14_400, 14_400, 21_600, 21_600];
export const NOTIFICATION_TIMEOUT_MS = 15_000;

type ChannelRow = { id: string; name: string; kind: ChannelKind; settings: unknown; credentials_enc: string | null };

export async function loadChannelRow(id: string): Promise<ChannelRow | null> {
  const { rows } = await pool().query<ChannelRow>(
    `SELECT id, name, kind, settings, credentials_enc FROM notification_channels WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** Sends one rendered notification to one channel; never throws for the channel's faults. */
export async function sendNotification(
  channel: ChannelRow,
  payload: NotificationPayload,
  messageId: string,
  timeoutMs: number,
): Promise<SendOutcome> {
  const record = recordOf(payload);
  switch (channel.kind) {
    case "email": {
      const settings = settingsSchemas.email.parse(channel.settings);
      return sendEmail(settings, openChannelCredentials("email", channel.credentials_enc), renderEmail(record), timeoutMs);
    }
    case "slack": {
      const { webhookUrl } = openChannelCredentials("slack", channel.credentials_enc);
      return post(webhookUrl, {}, JSON.stringify(renderSlack(record)), timeoutMs, "Slack webhook URL");
    }
    case "pagerduty": {
      const settings = settingsSchemas.pagerduty.parse(channel.settings);
      const { routingKey } = openChannelCredentials("pagerduty", channel.credentials_enc);
      const event = renderPagerduty(record, routingKey, { test: payload.type === "test" });
      return post(settings.eventsUrl, {}, JSON.stringify(event), timeoutMs, "PagerDuty events URL");
    }
    case "webhook": {
      const settings = settingsSchemas.webhook.parse(channel.settings);
      const credentials = openChannelCredentials("webhook", channel.credentials_enc);
      const body = JSON.stringify(renderWebhook(payload));
      const headers: Record<string, string> = {
        ...settings.headers,
        ...signatureHeaders("standard", [credentials.signingSecret], messageId, Math.floor(Date.now() / 1000), body),
      };
      if (credentials.authorization) headers.authorization = credentials.authorization;
      return post(settings.url, headers, body, timeoutMs, "Endpoint URL");
    }
  }
}

async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number, addressField: string) {
  const { outcome } = await sendHttp({
    url,
    headers: { ...headers, "content-type": "application/json", "user-agent": "Downstream/1.0" },
    body,
    timeoutMs,
    addressField,
  });
  return outcome;
}

/** The sender, with the schedule overridable for tests (a failing channel retried in milliseconds). */
export function makeNotificationSender(opts: { retrySchedule?: number[]; timeoutMs?: number } = {}): DeliverySender {
  const timeoutMs = opts.timeoutMs ?? NOTIFICATION_TIMEOUT_MS;
  return {
    kind: "notification",
    async config(id): Promise<EndpointConfig | null> {
      const channel = await loadChannelRow(id);
      if (!channel) return null;
      return { batchSize: 1, maxWaitMs: 0, timeoutMs, retrySchedule: opts.retrySchedule ?? NOTIFICATION_RETRY_SCHEDULE, concurrency: 1 };
    },
    async send(batch: OutboundBatch, config: EndpointConfig): Promise<SendOutcome> {
      const channel = await loadChannelRow(batch.endpointId);
      if (!channel) return { kind: "failed", error: "The notification channel was deleted.", answered: false };
      const message = batch.messages[0]!;
      try {
        // The batch id is the webhook-id: the same on every retry, so a receiver can drop repeats.
        return await sendNotification(channel, message.payload as NotificationPayload, batch.id, config.timeoutMs);
      } catch (e) {
        // Unreadable secrets or settings saved by an older version: say which, and keep retrying
        // (a person fixing the channel lets the waiting notification go out).
        const error = isAppError(e)
          ? e.message
          : "The channel's saved settings are not valid any more. Edit the channel and save it again.";
        return { kind: "failed", error, answered: false };
      }
    },
  };
}

export const notificationSender: DeliverySender = makeNotificationSender();
