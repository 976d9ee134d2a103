import { pool } from "@/lib/db";
import type { AudienceStats } from "@/lib/connectors/contract";
import type { LoadedSync } from "@/lib/sync/load-sync";
import type { PlanCounts } from "@/lib/sync/plan-sync";
import { platformFigures, type PlatformFigures, type UploadStats } from "@/lib/sync/platform-stats";
import { egressFetch } from "@/lib/egress/egress-fetch";
import { callRecorder } from "@/lib/destinations/call-recorder";

// After each run, one MetricSnapshot for the sync's chart: segment size, eligible, what we have
// delivered (audience_members), what the destination reports and its match rate when it says.

const STATS_TIMEOUT_MS = 10_000;

export async function takeSnapshot(
  loaded: LoadedSync,
  plan: PlanCounts,
  audienceId: string,
  runId: string,
  audienceSize: number,
  uploads: UploadStats = {},
) {
  const reported = await reportedStats(loaded, audienceId, runId);
  const platform: PlatformFigures = platformFigures(reported && !reported.error ? reported : null, uploads);
  const figures = {
    run_id: runId,
    segment_id: loaded.sync.segmentId,
    desired: plan.desired,
    suppressed: plan.suppressed,
    held_out: plan.heldOut,
    capped: plan.capped,
    missing_identifier: plan.missingIdentifier,
    rejected: plan.rejected,
    coverage: plan.coverage,
    reported_status: reported?.status ?? null,
    reported_error: reported?.error ?? null,
    platform,
  };
  await pool().query(
    // segment_id stays null: the segment's own size chart reads rows with its id, and this row is the sync's.
    `INSERT INTO metric_snapshots (sync_id, segment_size, eligible_size, audience_size, reported_size, match_rate, figures)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      loaded.sync.id,
      plan.segmentSize,
      plan.eligible,
      audienceSize,
      reported?.size ?? null,
      matchRate(reported, audienceSize),
      JSON.stringify(figures),
    ],
  );
  return { audienceSize, reportedSize: reported?.size ?? null, platform };
}

/** Platform figures are a bonus: a slow or failing stats call never fails the run. */
async function reportedStats(loaded: LoadedSync, audienceId: string, runId: string): Promise<(AudienceStats & { error?: string }) | null> {
  if (!loaded.connector.getAudienceStats) return null;
  const calls = callRecorder(loaded.sync.destinationId, runId);
  try {
    const stats = await loaded.connector.getAudienceStats(
      {
        settings: loaded.settings,
        credentials: loaded.credentials,
        fetch: egressFetch,
        signal: AbortSignal.timeout(STATS_TIMEOUT_MS),
        observe: calls.observe,
      },
      audienceId,
    );
    const size =
      stats.size ??
      (stats.sizeLowerBound != null && stats.sizeUpperBound != null ? Math.round((stats.sizeLowerBound + stats.sizeUpperBound) / 2) : null);
    return { ...stats, size };
  } catch (e) {
    return { error: e instanceof Error ? e.message.slice(0, 300) : String(e) };
  } finally {
    await calls.flush();
  }
}

/**
 * The platform's match rate when it gives one (Google); otherwise what it reports matched over
 * what we delivered (Meta's bounds midpoint, TikTok's cover_num), so every platform has a line.
 */
function matchRate(reported: (AudienceStats & { error?: string }) | null, delivered: number): number | null {
  if (reported?.matchRate != null) return reported.matchRate;
  if (reported?.size == null || delivered <= 0) return null;
  return Math.min(1, Math.round((reported.size / delivered) * 1000) / 1000);
}

/** The platform's last reported match rate for a sync, for the minimum-size warning (matched is what counts). */
export async function lastReportedMatchRate(syncId: string): Promise<number | null> {
  const { rows } = await pool().query<{ match_rate: number | null }>(
    "SELECT match_rate FROM metric_snapshots WHERE sync_id = $1 AND match_rate IS NOT NULL ORDER BY id DESC LIMIT 1",
    [syncId],
  );
  return rows[0]?.match_rate == null ? null : Number(rows[0].match_rate);
}
