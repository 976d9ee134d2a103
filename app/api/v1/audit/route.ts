import { apiRoute } from "@/lib/api/handler";
import { bigintCursor, pageOfRows } from "@/lib/api/paging";
import { listAudit } from "@/lib/audit";
import { listAuditOp } from "@/lib/openapi/operations/workspace";

export const GET = apiRoute(listAuditOp, async ({ query }) => {
  const rows = await listAudit({ limit: query.limit + 1, entityType: query.entityType, beforeId: bigintCursor(query.cursor) });
  const { items, nextCursor } = pageOfRows(rows, query.limit, (r) => [r.id.toString()]);
  return { entries: items, nextCursor };
});
