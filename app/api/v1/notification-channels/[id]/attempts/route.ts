import { apiRoute } from "@/lib/api/handler";
import { channelAttempts } from "@/lib/monitoring/notifications/list-channels";
import { listNotificationChannelAttemptsOp } from "@/lib/openapi/operations/notification-channels";

export const GET = apiRoute(listNotificationChannelAttemptsOp, async ({ params, query }) => channelAttempts(params.id!, query));
