import { apiRoute } from "@/lib/api/handler";
import { listEventStreamAttemptsOp } from "@/lib/openapi/operations/event-streams";
import { streamAttempts } from "@/lib/streams/get-stream";

export const GET = apiRoute(listEventStreamAttemptsOp, async ({ params, query }) => streamAttempts(params.id!, query));
