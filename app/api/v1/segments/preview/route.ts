import { apiRoute, json } from "@/lib/api/handler";
import { previewInput, previewSegment } from "@/lib/segments/preview";

// A definition in; size, funnel, sample, lints, description (and change impact with segmentId) out.
// Nothing is saved, so 200 rather than 201.
export const POST = apiRoute({ role: "viewer", body: previewInput, maxBodyBytes: 256 * 1024 }, async ({ actor, body }) => json(await previewSegment(actor, body)));
