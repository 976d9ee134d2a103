import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { loadSyncTrend } from "@/lib/monitoring/load-monitoring";
import { syncTrendOp } from "@/lib/openapi/operations/monitoring";

// GET /api/v1/syncs/{id}/trend?range=7d: the figures, gaps and sentence Monitoring shows for the sync.
export const GET = apiRoute(syncTrendOp, async ({ params, query }) => {
  const trend = await loadSyncTrend(params.id!, query.range);
  if (!trend) throw new AppError("not_found", `No sync ${JSON.stringify(params.id)}.`);
  const { row } = trend;
  return {
    syncId: row.syncId,
    range: trend.range,
    from: trend.from,
    to: trend.to,
    health: row.health,
    attention: row.attention,
    lastRun: row.lastRun,
    points: trend.points.map(({ t, segment, eligible, delivered, matched, matchRate }) => ({
      t,
      segment,
      eligible,
      delivered,
      matched,
      matchRate,
    })),
    gaps: row.gaps,
    sentence: trend.sentence,
  };
});
