import { apiRoute } from "@/lib/api/handler";
import { createChannel } from "@/lib/monitoring/notifications/create-channel";
import { listChannels } from "@/lib/monitoring/notifications/list-channels";
import { createNotificationChannelOp, listNotificationChannelsOp } from "@/lib/openapi/operations/notification-channels";

export const GET = apiRoute(listNotificationChannelsOp, async () => ({ notificationChannels: await listChannels() }));

// A webhook channel's signing secret is in this answer only: the channel's view never carries it.
export const POST = apiRoute(createNotificationChannelOp, async ({ actor, body }) => {
  const { channel, signingSecret } = await createChannel(actor, body);
  return { notificationChannel: channel, signingSecret };
});
