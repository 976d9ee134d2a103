import { apiRoute } from "@/lib/api/handler";
import { bigintCursor, pageOfRows } from "@/lib/api/paging";
import { listRejections } from "@/lib/ingest/rejections";
import { listRejectionsOp } from "@/lib/openapi/operations/data-in";
import { getSource } from "@/lib/sources/manage-sources";

// The source's most recent refused messages, newest first, with the reason for each.
export const GET = apiRoute(listRejectionsOp, async ({ params, query }) => {
  await getSource(params.id!);
  const rows = await listRejections({ sourceId: params.id!, limit: query.limit + 1, beforeId: bigintCursor(query.cursor) });
  const { items, nextCursor } = pageOfRows(rows, query.limit, (r) => [r.id.toString()]);
  return { rejections: items, nextCursor };
});
