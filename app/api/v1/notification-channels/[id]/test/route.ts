import { apiRoute, json } from "@/lib/api/handler";
import { sendTestNotification } from "@/lib/monitoring/notifications/send-test-notification";
import { testNotificationChannelOp } from "@/lib/openapi/operations/notification-channels";

// 200 either way: a channel that refuses the test is a result, not an API error.
export const POST = apiRoute(testNotificationChannelOp, async ({ actor, params }) =>
  json({ result: await sendTestNotification(actor, params.id!) }),
);
