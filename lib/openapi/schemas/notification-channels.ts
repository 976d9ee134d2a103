import { z } from "zod";
import { jsonObject, timestamp } from "@/lib/openapi/schemas/common";
import { deliveryAttempt } from "@/lib/openapi/schemas/event-streams";
import { CHANNEL_KINDS } from "@/lib/monitoring/notifications/channel-schemas";

// What the notification-channels API sends. A channel's secrets never appear: only which are
// set, each as its last 4 characters.

export const notificationChannel = z
  .object({
    id: z.string().describe("Name it in an alert rule's channels."),
    name: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    kindWord: z.string().describe('The kind in words: "Email (SMTP)", "Slack", "PagerDuty", "Signed webhook".'),
    settings: jsonObject.describe("What is not secret: the mail server and addresses, the webhook's URL and headers."),
    secrets: z.record(z.string(), z.string()).describe('Which secrets are set, each as its last 4 characters: { "password": "…abcd" }.'),
    label: z.string().describe("Where it sends, in words."),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "NotificationChannel" });

export const channelStatus = z
  .object({
    state: z.enum(["working", "failing", "holding", "paused", "unused"]),
    word: z.string().describe("The status word Settings → Notifications shows."),
    reason: z.string().nullable().describe("Why, in a sentence: for a failing channel, what the mail server or endpoint said."),
  })
  .meta({ id: "NotificationChannelStatus" });

export const lastAttempt = z
  .object({
    at: timestamp,
    outcome: z.enum(["delivered", "failed", "throttled", "timeout", "unreachable", "gone"]),
    outcomeWord: z.string(),
    status: z.number().int().nullable().describe("The HTTP status (Slack, PagerDuty, webhook); null for email."),
    error: z.string().nullable(),
    excerpt: z.string().nullable().describe("The start of the answer (the mail server's reply, or the response body), redacted."),
  })
  .meta({ id: "NotificationAttemptSummary" });

export const listedNotificationChannel = notificationChannel
  .extend({
    status: channelStatus,
    lastAttempt: lastAttempt.nullable(),
    queued: z.number().int().describe("Notifications owed: waiting, retrying or held."),
    dead: z.number().int().describe("Notifications that used up every retry; kept."),
    delivered24h: z.number().int(),
  })
  .meta({ id: "ListedNotificationChannel" });

export const testResult = z
  .object({
    testId: z.string(),
    outcome: z.enum(["delivered", "failed", "waiting"]),
    message: z.string().describe("What happened, in a sentence (the transport's error when it failed)."),
    attempts: z.array(deliveryAttempt),
  })
  .meta({ id: "NotificationTestResult" });
