import { apiRoute, json } from "@/lib/api/handler";
import { pageOfRows, timeIdCursor } from "@/lib/api/paging";
import { listRunsOp, triggerRunOp } from "@/lib/openapi/operations/syncs";
import { listRuns } from "@/lib/sync/get-sync";
import { requestSyncRun } from "@/lib/sync/trigger-run";

// Newest first, keyset on (createdAt, id) so runs started while paging never repeat a row.
export const GET = apiRoute(listRunsOp, async ({ params, query }) => {
  const before = timeIdCursor(query.cursor);
  const rows = await listRuns(params.id!, query.limit + 1, before && { createdAt: before.at, id: before.id });
  const { items, nextCursor } = pageOfRows(rows, query.limit, (r) => [r.createdAt.toISOString(), r.id]);
  return { runs: items, nextCursor };
});

// POST with no body (or {}) queues a run: 202 with the run to poll. {"dryRun":true} plans
// without sending and answers 200 with the counts and samples.
export const POST = apiRoute(triggerRunOp, async ({ actor, params, body }) => {
  const result = await requestSyncRun(actor, params.id!, { dryRun: body.dryRun });
  return "plan" in result ? json({ dryRun: result }, 200) : json({ run: result }, 202);
});
