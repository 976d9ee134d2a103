import { apiRoute } from "@/lib/api/handler";
import { deleteChannel } from "@/lib/monitoring/notifications/delete-channel";
import { getChannel } from "@/lib/monitoring/notifications/list-channels";
import { updateChannel } from "@/lib/monitoring/notifications/update-channel";
import {
  deleteNotificationChannelOp,
  getNotificationChannelOp,
  updateNotificationChannelOp,
} from "@/lib/openapi/operations/notification-channels";

export const GET = apiRoute(getNotificationChannelOp, async ({ params }) => ({ notificationChannel: await getChannel(params.id!) }));

export const PATCH = apiRoute(updateNotificationChannelOp, async ({ actor, body, params }) => ({
  notificationChannel: await updateChannel(actor, params.id!, body),
}));

export const DELETE = apiRoute(deleteNotificationChannelOp, async ({ actor, params }) => {
  const { dropped } = await deleteChannel(actor, params.id!);
  return { deleted: true, droppedNotifications: dropped };
});
