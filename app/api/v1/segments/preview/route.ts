import { apiRoute, json } from "@/lib/api/handler";
import { previewSegmentOp } from "@/lib/openapi/operations/segments";
import { previewSegment } from "@/lib/segments/preview";

// A definition in; size, funnel, sample, lints, description (and change impact with segmentId) out.
// Nothing is saved, so 200 rather than 201.
export const POST = apiRoute(previewSegmentOp, async ({ actor, body }) => json(await previewSegment(actor, body)));
