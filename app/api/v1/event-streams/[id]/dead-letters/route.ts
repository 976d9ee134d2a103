import { apiRoute } from "@/lib/api/handler";
import { listEventStreamDeadLettersOp } from "@/lib/openapi/operations/event-streams";
import { streamDeadLetters } from "@/lib/streams/get-stream";

export const GET = apiRoute(listEventStreamDeadLettersOp, async ({ params, query }) => streamDeadLetters(params.id!, query));
