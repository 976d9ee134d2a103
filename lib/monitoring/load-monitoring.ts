import { z } from "zod";
import { pool } from "@/lib/db";
import { computeGaps, isDrifting, type Gaps } from "@/lib/monitoring/gap";
import {
  loadLatestFigures,
  loadSeries,
  RANGE_LABEL,
  RANGE_MS,
  rangeSchema,
  type LatestFigures,
  type Range,
  type SeriesPoint,
} from "@/lib/monitoring/sync-trends";
import { trendSentence, type TrendSentence } from "@/lib/monitoring/trend-sentence";
import { loadSyncHealth } from "@/lib/sync/load-sync-health";
import { nextRunAt } from "@/lib/sync/schedule";
import type { SyncHealth } from "@/lib/sync/sync-health";

// The Monitoring page and the Overview's health panel (issue 12 item 1): every sync as a row with
// its state from the one health model (lib/sync/sync-health.ts, never recomputed here), its last
// run, its series over the range, the gap, and why it needs attention. "Needs attention" order puts
// failing, paused, drifting and overdue syncs first.

export const monitoringQuery = z.strictObject({
  range: rangeSchema,
  sort: z.enum(["attention", "name"]).default("attention"),
});
export type MonitoringQuery = z.input<typeof monitoringQuery>;

export const ATTENTION = ["failing", "paused", "drifting", "overdue", "warning"] as const;
export type Attention = { kind: (typeof ATTENTION)[number]; reason: string };

export type MonitoringRow = {
  syncId: string;
  name: string;
  state: "draft" | "live" | "paused";
  mode: "mirror" | "add_only";
  segment: { id: string; name: string };
  destination: { id: string; name: string; kind: string };
  health: SyncHealth;
  lastRun: { id: string; status: string; at: Date } | null;
  series: SeriesPoint[];
  gaps: Gaps;
  attention: Attention | null;
};

type SyncRow = {
  id: string;
  name: string;
  state: "draft" | "live" | "paused";
  mode: "mirror" | "add_only";
  schedule_cron: string | null;
  interval_minutes: number;
  segment_id: string;
  segment_name: string;
  destination_id: string;
  destination_name: string;
  kind: string;
  run_id: string | null;
  run_status: string | null;
  run_at: Date | null;
};

async function loadSyncs(syncIds?: string[]): Promise<SyncRow[]> {
  const { rows } = await pool().query<SyncRow>(
    `SELECT s.id, s.name, s.state, s.mode, s.schedule_cron, s.interval_minutes, s.segment_id, g.name AS segment_name,
            s.destination_id, d.name AS destination_name, d.kind::text AS kind,
            r.id AS run_id, r.status::text AS run_status, coalesce(r.finished_at, r.started_at, r.created_at) AT TIME ZONE 'UTC' AS run_at
     FROM syncs s JOIN segments g ON g.id = s.segment_id JOIN destinations d ON d.id = s.destination_id
     LEFT JOIN LATERAL (SELECT id, status, finished_at, started_at, created_at FROM sync_runs
                         WHERE sync_id = s.id AND NOT dry_run AND status <> 'cancelled' ORDER BY created_at DESC LIMIT 1) r ON true
     WHERE $1::text[] IS NULL OR s.id = ANY($1::text[])
     ORDER BY s.name`,
    [syncIds ?? null],
  );
  return rows;
}

/** A live sync with no run for two scheduled periods (and 10 minutes' grace): the scheduler or the worker is not running it. */
export function overdue(
  s: Pick<SyncRow, "state" | "schedule_cron" | "interval_minutes">,
  lastRunAt: Date | null,
  since: Date,
  now: Date,
): string | null {
  if (s.state !== "live") return null;
  const first = nextRunAt({ scheduleCron: s.schedule_cron, intervalMinutes: s.interval_minutes }, now);
  const period = nextRunAt({ scheduleCron: s.schedule_cron, intervalMinutes: s.interval_minutes }, first).getTime() - first.getTime();
  const last = lastRunAt ?? since;
  if (now.getTime() - last.getTime() <= 2 * period + 10 * 60_000) return null;
  const every = s.schedule_cron ? `on its schedule (${s.schedule_cron})` : `every ${s.interval_minutes} minutes`;
  return `${lastRunAt ? "No run" : "Never run"} since ${last.toISOString().slice(0, 16).replace("T", " ")} UTC, though it should run ${every}. Check that the worker is running.`;
}

function attentionFor(health: SyncHealth, gaps: Gaps, overdueReason: string | null): Attention | null {
  if (health.state === "failing") return { kind: "failing", reason: health.cause ?? "The last run failed." };
  if (health.state === "paused") return { kind: "paused", reason: health.cause ?? "Paused." };
  if (isDrifting(gaps.largest)) return { kind: "drifting", reason: gaps.largest!.sentence };
  if (overdueReason) return { kind: "overdue", reason: overdueReason };
  if (health.state === "warning") return { kind: "warning", reason: health.cause ?? "Needs a look." };
  return null;
}

const RANK: Record<string, number> = { failing: 0, paused: 1, drifting: 2, overdue: 3, warning: 4 };
const HEALTH_RANK: Record<string, number> = { running: 5, waiting: 6, healthy: 7, draft: 8 };
const rank = (r: MonitoringRow) => (r.attention ? RANK[r.attention.kind]! : (HEALTH_RANK[r.health.state] ?? 9));

function gapsFor(mode: MonitoringRow["mode"], latest: LatestFigures | undefined): Gaps {
  if (!latest) return { segment: null, platform: null, largest: null };
  return computeGaps({
    mode,
    segment: latest.segment,
    delivered: latest.delivered,
    reported: latest.reported,
    figures: latest.figures as Parameters<typeof computeGaps>[0]["figures"],
    platformMatchRate: latest.platformMatchRate,
    typicalMatchRate: latest.typicalMatchRate,
  });
}

export async function loadMonitoring(input: MonitoringQuery = {}, opts: { now?: Date; syncIds?: string[] } = {}) {
  const { range, sort } = monitoringQuery.parse(input);
  const now = opts.now ?? new Date();
  const syncs = await loadSyncs(opts.syncIds);
  const ids = syncs.map((s) => s.id);
  const [health, series, latest, created] = await Promise.all([
    loadSyncHealth(ids),
    loadSeries(ids, range, { now, buckets: 48 }),
    loadLatestFigures(ids, range, now),
    pool().query<{ id: string; at: Date }>("SELECT id, updated_at AT TIME ZONE 'UTC' AS at FROM syncs WHERE id = ANY($1::text[])", [ids]),
  ]);
  const since = new Map(created.rows.map((r) => [r.id, r.at]));
  const rows: MonitoringRow[] = syncs.map((s) => {
    const h = health.get(s.id)!;
    const gaps = gapsFor(s.mode, latest.get(s.id));
    const late = h.state === "running" ? null : overdue(s, s.run_at, since.get(s.id) ?? now, now);
    return {
      syncId: s.id,
      name: s.name,
      state: s.state,
      mode: s.mode,
      segment: { id: s.segment_id, name: s.segment_name },
      destination: { id: s.destination_id, name: s.destination_name, kind: s.kind },
      health: h,
      lastRun: s.run_id && s.run_at ? { id: s.run_id, status: s.run_status!, at: s.run_at } : null,
      series: series.get(s.id) ?? [],
      gaps,
      attention: attentionFor(h, gaps, late),
    };
  });
  if (sort === "attention")
    rows.sort((a, b) => rank(a) - rank(b) || (b.gaps.largest?.share ?? 0) - (a.gaps.largest?.share ?? 0) || a.name.localeCompare(b.name));
  return { range, sort, rangeLabel: RANGE_LABEL[range], from: new Date(now.getTime() - RANGE_MS[range]), to: now, rows };
}

export type SyncTrend = {
  row: MonitoringRow;
  range: Range;
  rangeLabel: string;
  from: Date;
  to: Date;
  points: SeriesPoint[];
  sentence: TrendSentence;
};

/** One sync's chart: the finer series, its gap and the sentence saying what changed. Null when there is no such sync. */
export async function loadSyncTrend(syncId: string, range: Range, opts: { now?: Date } = {}): Promise<SyncTrend | null> {
  const now = opts.now ?? new Date();
  const [monitoring, series] = await Promise.all([
    loadMonitoring({ range }, { now, syncIds: [syncId] }),
    loadSeries([syncId], range, { now, buckets: 400 }),
  ]);
  const row = monitoring.rows[0];
  if (!row) return null;
  const points = series.get(syncId) ?? [];
  return {
    row,
    range,
    rangeLabel: RANGE_LABEL[range],
    from: monitoring.from,
    to: now,
    points,
    sentence: trendSentence(points, { now, mode: row.mode, rangeLabel: RANGE_LABEL[range] }),
  };
}
