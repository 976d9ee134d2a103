import { apiRoute, json } from "@/lib/api/handler";
import { replayEventStreamOp } from "@/lib/openapi/operations/event-streams";
import { replayStream } from "@/lib/streams/replay-stream";

export const POST = apiRoute(replayEventStreamOp, async ({ actor, params, body }) =>
  json(await replayStream(actor, params.id!, body), 200),
);
