import { apiRoute } from "@/lib/api/handler";
import { deleteSegment } from "@/lib/segments/delete-segment";
import { getSegment } from "@/lib/segments/queries";
import { updateSegmentInput } from "@/lib/segments/segment-input";
import { updateSegment } from "@/lib/segments/update-segment";

export const GET = apiRoute({ role: "viewer" }, async ({ params }) => ({ segment: await getSegment(params.id!) }));

// Partial update: send only what changes. A changed definition becomes a new version.
const update = apiRoute({ role: "editor", body: updateSegmentInput }, async ({ actor, params, body }) => updateSegment(actor, params.id!, body));
export { update as PATCH, update as PUT };

export const DELETE = apiRoute({ role: "editor" }, async ({ actor, params }) => {
  await deleteSegment(actor, params.id!);
  return { deleted: true };
});
