import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { segmentUsage, type SegmentUse } from "@/lib/segments/segment-usage";

/** "Used by" for the API and the segment page: segmentUsage (lib/segments), with the role check and a 404. */
export async function segmentUsedBy(actor: Actor, segmentId: string): Promise<SegmentUse[]> {
  requireRole(actor, "viewer");
  if (!(await db().segment.findUnique({ where: { id: segmentId }, select: { id: true } })))
    throw new AppError("not_found", `No segment ${JSON.stringify(segmentId)}.`);
  return segmentUsage(segmentId);
}
