import { apiRoute } from "@/lib/api/handler";
import { createSegment } from "@/lib/segments/create-segment";
import { listSegments } from "@/lib/segments/queries";
import { createSegmentInput } from "@/lib/segments/segment-input";

export const GET = apiRoute({ role: "viewer" }, async () => ({ segments: await listSegments() }));

// 201 with the segment and its first refresh; an invalid definition is a 400 naming the path.
export const POST = apiRoute({ role: "editor", body: createSegmentInput }, async ({ actor, body }) => createSegment(actor, body));
