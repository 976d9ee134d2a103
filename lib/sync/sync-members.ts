import { db } from "@/lib/db";
import { bigintCursor, pageOfRows, type PageQuery } from "@/lib/api/paging";
import { AppError } from "@/lib/errors";

// GET /api/v1/syncs/{id}/members: the delivered set, as the engine recorded it, page by page
// (keyset on profile id, so a million members page in constant time).
export async function listSyncMembers(syncId: string, query: PageQuery) {
  const after = bigintCursor(query.cursor);
  if (!(await db().sync.findUnique({ where: { id: syncId }, select: { id: true } }))) throw new AppError("not_found", "No such sync.");
  const rows = await db().audienceMember.findMany({
    where: { syncId, ...(after !== undefined ? { profileId: { gt: after } } : {}) },
    orderBy: { profileId: "asc" },
    take: query.limit + 1,
    select: { profileId: true, identifierKey: true, emailSha256: true, phoneSha256: true, externalId: true, addedAt: true },
  });
  const { items, nextCursor } = pageOfRows(rows, query.limit, (r) => [r.profileId.toString()]);
  return {
    members: items.map((r) => ({
      profileId: r.profileId.toString(),
      identifier: r.identifierKey,
      emailSha256: r.emailSha256,
      phoneSha256: r.phoneSha256,
      externalId: r.externalId,
      addedAt: r.addedAt,
    })),
    nextCursor,
  };
}
