import { apiRoute, json } from "@/lib/api/handler";
import { resumeEventStreamOp } from "@/lib/openapi/operations/event-streams";
import { getStream } from "@/lib/streams/get-stream";
import { resumeStream } from "@/lib/streams/update-stream";

export const POST = apiRoute(resumeEventStreamOp, async ({ actor, params }) => {
  await resumeStream(actor, params.id!);
  return json({ eventStream: await getStream(params.id!) }, 200);
});
