import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { pageQuery } from "@/lib/api/paging";
import { createChannelInput, updateChannelInput } from "@/lib/monitoring/notifications/channel-schemas";
import { nextCursor } from "@/lib/openapi/schemas/common";
import { deliveryAttempt } from "@/lib/openapi/schemas/event-streams";
import { listedNotificationChannel, notificationChannel, testResult } from "@/lib/openapi/schemas/notification-channels";

const tag = "Notification channels";

export const listNotificationChannelsOp = defineOperation({
  id: "listNotificationChannels",
  method: "GET",
  path: "/notification-channels",
  tag,
  role: "viewer",
  summary: "List notification channels",
  description: "Each with whether its last notification got through, and what it still owes (the same the console shows).",
  responses: { 200: { description: "Every channel.", schema: z.object({ notificationChannels: z.array(listedNotificationChannel) }) } },
});

export const createNotificationChannelOp = defineOperation({
  id: "createNotificationChannel",
  method: "POST",
  path: "/notification-channels",
  tag,
  role: "editor",
  summary: "Create a notification channel",
  description:
    "Email over SMTP, a Slack incoming webhook, a PagerDuty Events API v2 integration key, or a webhook signed per Standard Webhooks. Refused naming the field for a bad address, host, port or key. A webhook channel's signing secret is in the answer, once.",
  body: createChannelInput,
  responses: {
    201: {
      description: "The new channel, and (webhook) its signing secret.",
      schema: z.object({
        notificationChannel,
        signingSecret: z.string().nullable().describe("The webhook's signing secret, shown this once. Null for other kinds."),
      }),
    },
  },
});

export const getNotificationChannelOp = defineOperation({
  id: "getNotificationChannel",
  method: "GET",
  path: "/notification-channels/{id}",
  tag,
  role: "viewer",
  summary: "Get a notification channel",
  responses: { 200: { description: "The channel with its status.", schema: z.object({ notificationChannel: listedNotificationChannel }) } },
});

export const updateNotificationChannelOp = defineOperation({
  id: "updateNotificationChannel",
  method: "PATCH",
  path: "/notification-channels/{id}",
  tag,
  role: "editor",
  summary: "Change a notification channel",
  description:
    "Send only what changes. Settings replace the saved ones; secrets left out keep their value (an empty string clears an optional one). Changing the mail server or the webhook's URL needs the saved password or Authorization value again.",
  body: updateChannelInput,
  responses: { 200: { description: "The channel after the change.", schema: z.object({ notificationChannel }) } },
});

export const deleteNotificationChannelOp = defineOperation({
  id: "deleteNotificationChannel",
  method: "DELETE",
  path: "/notification-channels/{id}",
  tag,
  role: "editor",
  summary: "Delete a notification channel",
  description: "Notifications it still owes are dropped with it; alert rules naming it skip it from then on.",
  responses: {
    200: {
      description: "Deleted.",
      schema: z.object({ deleted: z.literal(true), droppedNotifications: z.number().int().describe("Undelivered notifications dropped.") }),
    },
  },
});

export const testNotificationChannelOp = defineOperation({
  id: "testNotificationChannel",
  method: "POST",
  path: "/notification-channels/{id}/test",
  tag,
  role: "editor",
  summary: "Send a test notification",
  description:
    "Puts a test notification in the channel's delivery outbox, like an alert's, and waits up to 20 s for the attempt. A failed test is retried like any notification. PagerDuty gets an `info` trigger and its resolve, so no incident is left open.",
  bodyOptional: true,
  body: z.object({}).strict(),
  responses: { 200: { description: "What the channel answered.", schema: z.object({ result: testResult }) } },
});

export const listNotificationChannelAttemptsOp = defineOperation({
  id: "listNotificationChannelAttempts",
  method: "GET",
  path: "/notification-channels/{id}/attempts",
  tag,
  role: "viewer",
  summary: "List a channel's send attempts",
  description: "Every attempt to send a notification (alerts and tests), newest first, with the outcome and the answer's start.",
  query: pageQuery(),
  responses: { 200: { description: "A page of attempts.", schema: z.object({ attempts: z.array(deliveryAttempt), nextCursor }) } },
});
