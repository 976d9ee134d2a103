import { apiRoute } from "@/lib/api/handler";
import { pageOfList } from "@/lib/api/paging";
import { createEventStreamOp, listEventStreamsOp } from "@/lib/openapi/operations/event-streams";
import { createStream } from "@/lib/streams/create-stream";
import { listStreams } from "@/lib/streams/list-streams";

export const GET = apiRoute(listEventStreamsOp, async ({ query }) => {
  const { items, nextCursor } = pageOfList(await listStreams(), query, (s) => [s.createdAt.toISOString(), s.id]);
  return { eventStreams: items, nextCursor };
});

// The signing secret is in this answer only: the stream's view never carries it.
export const POST = apiRoute(createEventStreamOp, async ({ actor, body }) => {
  const { stream, signingSecret } = await createStream(actor, body);
  return { eventStream: stream, signingSecret };
});
