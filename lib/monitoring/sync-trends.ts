import { z } from "zod";
import { pool } from "@/lib/db";
import type { TrendPoint } from "@/lib/monitoring/trend-sentence";

// A sync's figures over a range from metric_snapshots (one row per run, lib/sync/snapshot.ts):
// segment size, eligible, delivered (audience_size) and platform-matched (reported_size). Long
// ranges are thinned in SQL to the last snapshot of each time bucket, placed at its own time
// (never the bucket's), so the chart's time axis still shows when each run happened.

export const RANGES = ["24h", "7d", "30d", "90d"] as const;
export type Range = (typeof RANGES)[number];
export const rangeSchema = z.enum(RANGES).default("7d");

export const RANGE_MS: Record<Range, number> = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000, "90d": 90 * 86_400_000 };
export const RANGE_LABEL: Record<Range, string> = {
  "24h": "in the last 24 hours",
  "7d": "over the last 7 days",
  "30d": "over the last 30 days",
  "90d": "over the last 90 days",
};

export type SeriesPoint = TrendPoint & { eligible: number | null; matchRate: number | null };

type Row = {
  sync_id: string;
  t: Date;
  segment_size: number | null;
  eligible_size: number | null;
  audience_size: number | null;
  reported_size: number | null;
  match_rate: number | null;
};

/**
 * Series for many syncs at once, at most `buckets` points each (the Monitoring sparklines), or
 * for one sync at finer grain (its chart). Oldest first.
 */
export async function loadSeries(
  syncIds: string[],
  range: Range,
  opts: { now?: Date; buckets?: number } = {},
): Promise<Map<string, SeriesPoint[]>> {
  const to = opts.now ?? new Date();
  const from = new Date(to.getTime() - RANGE_MS[range]);
  const bucketMs = Math.max(1000, Math.floor(RANGE_MS[range] / (opts.buckets ?? 48)));
  const { rows } = await pool().query<Row>(
    // taken_at is TIMESTAMP(3) holding UTC: compare and return it as UTC whatever the session's zone.
    `SELECT DISTINCT ON (sync_id, b) sync_id, taken_at AT TIME ZONE 'UTC' AS t, segment_size, eligible_size, audience_size, reported_size, match_rate
     FROM (
       SELECT *, date_bin(make_interval(secs => $4::double precision / 1000), taken_at, $2::timestamptz AT TIME ZONE 'UTC') AS b
       FROM metric_snapshots
       WHERE sync_id = ANY($1::text[]) AND taken_at >= $2::timestamptz AT TIME ZONE 'UTC' AND taken_at <= $3::timestamptz AT TIME ZONE 'UTC'
     ) x
     ORDER BY sync_id, b, taken_at DESC, id DESC`,
    [syncIds, from.toISOString(), to.toISOString(), bucketMs],
  );
  const out = new Map<string, SeriesPoint[]>(syncIds.map((id) => [id, []]));
  for (const r of rows) {
    out.get(r.sync_id)?.push({
      t: r.t instanceof Date ? r.t : new Date(r.t),
      segment: r.segment_size,
      eligible: r.eligible_size,
      delivered: r.audience_size,
      matched: r.reported_size,
      matchRate: r.match_rate == null ? null : Number(r.match_rate),
    });
  }
  for (const list of out.values()) list.sort((a, b) => a.t.getTime() - b.t.getTime());
  return out;
}

/** The latest snapshot of each sync (whatever the range) and its typical match rate over the range, for the gap. */
export type LatestFigures = {
  takenAt: Date;
  segment: number | null;
  delivered: number | null;
  reported: number | null;
  figures: Record<string, unknown>;
  platformMatchRate: number | null;
  typicalMatchRate: number | null;
};

export async function loadLatestFigures(syncIds: string[], range: Range, now = new Date()): Promise<Map<string, LatestFigures>> {
  const from = new Date(now.getTime() - RANGE_MS[range]);
  const { rows } = await pool().query<{
    sync_id: string;
    t: Date;
    segment_size: number | null;
    audience_size: number | null;
    reported_size: number | null;
    figures: Record<string, unknown> | null;
    typical: number | null;
  }>(
    `SELECT s.id AS sync_id, l.taken_at AT TIME ZONE 'UTC' AS t, l.segment_size, l.audience_size, l.reported_size, l.figures,
       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY m.match_rate) FROM metric_snapshots m
         WHERE m.sync_id = s.id AND m.id < l.id AND m.match_rate IS NOT NULL AND m.taken_at >= $2::timestamptz AT TIME ZONE 'UTC') AS typical
     FROM unnest($1::text[]) AS s(id)
     JOIN LATERAL (SELECT * FROM metric_snapshots WHERE sync_id = s.id ORDER BY taken_at DESC, id DESC LIMIT 1) l ON true`,
    [syncIds, from.toISOString()],
  );
  const out = new Map<string, LatestFigures>();
  for (const r of rows) {
    const figures = r.figures ?? {};
    const platform = (figures.platform ?? {}) as { match_rate?: unknown };
    out.set(r.sync_id, {
      takenAt: r.t instanceof Date ? r.t : new Date(r.t),
      segment: r.segment_size,
      delivered: r.audience_size,
      reported: r.reported_size,
      figures,
      platformMatchRate: typeof platform.match_rate === "number" ? platform.match_rate : null,
      typicalMatchRate: r.typical == null ? null : Number(r.typical),
    });
  }
  return out;
}
