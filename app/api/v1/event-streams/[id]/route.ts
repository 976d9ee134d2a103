import { apiRoute } from "@/lib/api/handler";
import { deleteEventStreamOp, getEventStreamOp, updateEventStreamOp } from "@/lib/openapi/operations/event-streams";
import { deleteStream } from "@/lib/streams/delete-stream";
import { getStream } from "@/lib/streams/get-stream";
import { updateStream } from "@/lib/streams/update-stream";

export const GET = apiRoute(getEventStreamOp, async ({ params }) => ({ eventStream: await getStream(params.id!) }));

export const PATCH = apiRoute(updateEventStreamOp, async ({ actor, body, params }) => ({
  eventStream: await updateStream(actor, params.id!, body),
}));

export const DELETE = apiRoute(deleteEventStreamOp, async ({ actor, params }) => {
  const { dropped } = await deleteStream(actor, params.id!);
  return { deleted: true, droppedEvents: dropped };
});
