import { db, pool } from "@/lib/db";
import type { Connector } from "@/lib/connectors/contract";
import { connectorFor } from "@/lib/connectors/registry";
import { loadOneSyncHealth } from "@/lib/sync/load-sync-health";
import { lastReportedMatch, latestPlatformFigures } from "@/lib/sync/platform-figures";
import { visibility } from "@/lib/sync/safety-rails";
import { AppError } from "@/lib/errors";
import { RULES_IN_SCOPE_SQL } from "@/lib/suppression/rules-in-scope";

// A sync's page: configuration, the suppression rules that apply to it (from the one brain),
// recent runs, the snapshots behind its chart, its health (the one model, sync-health.ts) and
// the platform's last reported match rate with when it was reported.

export async function getSync(syncId: string) {
  const sync = await db().sync.findUnique({
    where: { id: syncId },
    include: {
      segment: { select: { id: true, name: true, size: true, capDays: true } },
      destination: { select: { id: true, name: true, kind: true } },
    },
  });
  if (!sync) throw new AppError("not_found", "No such sync.");
  const [rules, runs, snapshots, audienceSize] = await Promise.all([
    pool().query<{ id: string; name: string; segment_name: string; scope: string }>(
      `SELECT r.id, r.name, g.name AS segment_name, r.scope FROM suppression_rules r JOIN segments g ON g.id = r.segment_id
       WHERE r.id IN (SELECT rule_id FROM (${RULES_IN_SCOPE_SQL}) x WHERE x.sync_id = $1) ORDER BY r.name`,
      [syncId],
    ),
    listRuns(syncId, 25),
    db().metricSnapshot.findMany({
      where: { syncId },
      orderBy: { takenAt: "desc" },
      take: 200,
      select: { takenAt: true, segmentSize: true, eligibleSize: true, audienceSize: true, reportedSize: true, matchRate: true },
    }),
    db().audienceMember.count({ where: { syncId } }),
  ]);
  let connector: Connector<unknown, unknown> | null = null;
  try {
    connector = connectorFor(sync.destination.kind) as Connector<unknown, unknown>;
  } catch {
    // connector not installed in this build
  }
  const [platform, lastMatch, health] = await Promise.all([
    latestPlatformFigures(syncId),
    lastReportedMatch(syncId),
    loadOneSyncHealth(syncId),
  ]);
  // Visible-by counts from the last run that changed the audience; the platform's latest report says whether it is there.
  const lastChange = runs.find((r) => !r.dryRun && r.finishedAt && r.added + r.removed > 0);
  const visible = connector ? visibility(connector, lastChange?.finishedAt, platform) : null;
  return {
    sync,
    rules: rules.rows,
    runs,
    snapshots: snapshots.reverse(),
    audienceSize,
    visibilityDelayHours: connector?.visibilityDelayHours ?? null,
    platform,
    visibility: visible,
    lastChangeAt: lastChange?.finishedAt ?? null,
    health,
    lastMatch,
    reportsStats: !!connector?.getAudienceStats,
  };
}

/** Newest first; `before` continues a page (the API's cursor), keyset on (createdAt, id). */
export async function listRuns(syncId: string, limit = 50, before?: { createdAt: Date; id: string }) {
  const older = before ? { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] } : {};
  const runs = await db().syncRun.findMany({
    where: { syncId, ...older },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(limit, 201),
  });
  // No runs and no sync: a 404, not an empty history for something that does not exist.
  if (!runs.length && !(await db().sync.findUnique({ where: { id: syncId }, select: { id: true } })))
    throw new AppError("not_found", "No such sync.");
  return runs;
}
