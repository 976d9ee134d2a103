import { apiRoute, json } from "@/lib/api/handler";
import { pauseEventStreamOp } from "@/lib/openapi/operations/event-streams";
import { getStream } from "@/lib/streams/get-stream";
import { pauseStream } from "@/lib/streams/update-stream";

export const POST = apiRoute(pauseEventStreamOp, async ({ actor, params }) => {
  await pauseStream(actor, params.id!);
  return json({ eventStream: await getStream(params.id!) }, 200);
});
