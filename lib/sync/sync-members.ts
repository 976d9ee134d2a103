import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

// GET /api/v1/syncs/{id}/members: the delivered set, as the engine recorded it, page by page
// (keyset on profile id, so a million members page in constant time).

export const membersQuery = z.object({
  after: z.string().regex(/^\d+$/, "A profile id from the previous page's next_after").optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export async function listSyncMembers(syncId: string, query: z.input<typeof membersQuery>) {
  const { after, limit } = membersQuery.parse(query);
  if (!(await db().sync.findUnique({ where: { id: syncId }, select: { id: true } }))) throw new AppError("not_found", "No such sync.");
  const rows = await db().audienceMember.findMany({
    where: { syncId, ...(after ? { profileId: { gt: BigInt(after) } } : {}) },
    orderBy: { profileId: "asc" },
    take: limit,
    select: { profileId: true, identifierKey: true, emailSha256: true, phoneSha256: true, externalId: true, addedAt: true },
  });
  return {
    members: rows.map((r) => ({ profile_id: r.profileId.toString(), identifier: r.identifierKey, email_sha256: r.emailSha256, phone_sha256: r.phoneSha256, external_id: r.externalId, added_at: r.addedAt })),
    next_after: rows.length === limit ? rows[rows.length - 1]!.profileId.toString() : null,
  };
}
