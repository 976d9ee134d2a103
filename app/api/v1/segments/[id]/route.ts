import { apiRoute } from "@/lib/api/handler";
import { deleteSegmentOp, getSegmentOp, replaceSegmentOp, updateSegmentOp } from "@/lib/openapi/operations/segments";
import { deleteSegment } from "@/lib/segments/delete-segment";
import { getSegment } from "@/lib/segments/queries";
import { updateSegment } from "@/lib/segments/update-segment";

export const GET = apiRoute(getSegmentOp, async ({ params }) => ({ segment: await getSegment(params.id!) }));

// Partial update: send only what changes. A changed definition becomes a new version.
export const PATCH = apiRoute(updateSegmentOp, async ({ actor, params, body }) => updateSegment(actor, params.id!, body));
export const PUT = apiRoute(replaceSegmentOp, async ({ actor, params, body }) => updateSegment(actor, params.id!, body));

export const DELETE = apiRoute(deleteSegmentOp, async ({ actor, params }) => {
  await deleteSegment(actor, params.id!);
  return { deleted: true };
});
