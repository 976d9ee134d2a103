import { apiRoute } from "@/lib/api/handler";
import { pageOfList } from "@/lib/api/paging";
import { createSegmentOp, listSegmentsOp } from "@/lib/openapi/operations/segments";
import { createSegment } from "@/lib/segments/create-segment";
import { listSegments } from "@/lib/segments/queries";

export const GET = apiRoute(listSegmentsOp, async ({ query }) => {
  const { items, nextCursor } = pageOfList(await listSegments(), query, (s) => [s.name, s.id]);
  return { segments: items, nextCursor };
});

// 201 with the segment and its first refresh; an invalid definition is a 400 naming the path.
export const POST = apiRoute(createSegmentOp, async ({ actor, body }) => createSegment(actor, body));
