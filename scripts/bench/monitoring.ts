import type pg from "pg";
import { intFlag, type Flags } from "../lib/args";
import { machine, median, printTable, runSeeded, type Benchmark } from "./lib";

// Alert evaluation at scale (issue 12): every rule (the four defaults plus one of each kind a
// person adds) over N syncs with D days of runs and snapshots (one an hour by default; a sync
// that runs every 15 minutes has 4x as many, `--every-minutes 15`). Reported: the first
// evaluation (it opens the alerts the data holds and looks up each one's likely cause) and the
// steady state (median of 5: nothing changes, which is what the every-minute job does almost
// always). Target: a full evaluation under 1 s at 500 syncs with 90 days of snapshots.

async function seed(c: pg.Client, syncs: number, days: number, everyMinutes: number) {
  const points = Math.floor((days * 24 * 60) / everyMinutes);
  await c.query(`INSERT INTO destinations (id, name, kind, settings, updated_at)
    SELECT 'bd' || i, 'Bench destination ' || i, (CASE WHEN i % 2 = 0 THEN 'meta' ELSE 'webhook' END)::"DestinationKind", '{}', now()
    FROM generate_series(1, 5) i`);
  await c.query(`INSERT INTO segments (id, name, definition, size, last_refreshed_at, updated_at)
    SELECT 'bs' || i, 'Bench segment ' || i,
      jsonb_build_object('conditions', jsonb_build_array(jsonb_build_object('type', 'event', 'event', 'bench_event_' || (i % 10)))),
      CASE WHEN i % 50 = 0 THEN 0 ELSE 1000 + i END, now() AT TIME ZONE 'UTC', now()
    FROM generate_series(1, 100) i`);
  await c.query(
    `INSERT INTO syncs (id, name, segment_id, destination_id, state, remote_audience_name, updated_at)
     SELECT 'bsy' || i, 'Bench sync ' || i, 'bs' || (1 + i % 100), 'bd' || (1 + i % 5), 'live', 'bench ' || i, now()
     FROM generate_series(1, $1) i`,
    [syncs],
  );
  // One run and one snapshot per point, inserted oldest first (ids grow with time, as in real use); the newest run of every 20th sync failed, of every 7th had rejections.
  await c.query(
    `INSERT INTO sync_runs (id, sync_id, trigger, status, started_at, finished_at, created_at, segment_size, eligible, to_add, to_remove, added, removed, failed, invalid, error)
     SELECT 'br' || s || '-' || p, 'bsy' || s, 'schedule',
       (CASE WHEN p = 0 AND s % 20 = 0 THEN 'failed' ELSE 'succeeded' END)::"RunStatus",
       t, t + interval '20 seconds', t, 1000 + s, 950 + s, 10, 5,
       CASE WHEN p = 0 AND s % 20 = 0 THEN 0 ELSE 10 END, CASE WHEN p = 0 AND s % 20 = 0 THEN 0 ELSE 5 END,
       CASE WHEN p = 0 AND s % 20 = 0 THEN 15 ELSE 0 END, CASE WHEN p = 0 AND s % 7 = 0 THEN 3 ELSE 0 END,
       CASE WHEN p = 0 AND s % 20 = 0 THEN 'Nothing was delivered: 15 changes failed after every retry.' END
     FROM generate_series(0, $2 - 1) p, generate_series(1, $1) s,
          LATERAL (SELECT now() AT TIME ZONE 'UTC' - make_interval(mins => p * $3)) x(t)
     ORDER BY p DESC, s`,
    [syncs, points, everyMinutes],
  );
  await c.query(
    `INSERT INTO metric_snapshots (sync_id, taken_at, segment_size, eligible_size, audience_size, reported_size, match_rate, figures)
     SELECT 'bsy' || s, t + interval '21 seconds', 1000 + s, 950 + s,
       CASE WHEN p = 0 AND s % 11 = 0 THEN 400 ELSE 940 + s END, 600 + s, 0.62, '{}'
     FROM generate_series(0, $2 - 1) p, generate_series(1, $1) s,
          LATERAL (SELECT now() AT TIME ZONE 'UTC' - make_interval(mins => p * $3)) x(t)
     ORDER BY p DESC, s`,
    [syncs, points, everyMinutes],
  );
  // Events for the volume rule: last week's hours busy, today's quiet for one of them.
  await c.query(`INSERT INTO events (name, occurred_at)
    SELECT 'bench_event_' || (i % 10), now() AT TIME ZONE 'UTC' - make_interval(mins => i % (60 * 24 * 8))
    FROM generate_series(1, 200000) i WHERE NOT (i % 10 = 3 AND i % (60 * 24 * 8) < 180)`);
  await c.query(`INSERT INTO ingest_rejections (channel, field, error, received_at)
    SELECT 'segment', 'email', 'email is not an address', now() AT TIME ZONE 'UTC' - make_interval(secs => i) FROM generate_series(1, 500) i`);
  await c.query(`INSERT INTO alert_rules (id, name, kind, severity, params) VALUES
    ('b-dev-delivered', 'Delivered moved', 'counter_deviation', 'warning', '{"counter": "delivered", "runs": 5, "percent": 30}'),
    ('b-dev-match', 'Match rate moved', 'counter_deviation', 'warning', '{"counter": "match_rate", "runs": 10, "percent": 20}'),
    ('b-dev-added', 'Added moved', 'counter_deviation', 'warning', '{"counter": "added", "runs": 5, "percent": 50}'),
    ('b-empty', 'Segment empty', 'segment_empty', 'critical', '{}'),
    ('b-min', 'Below minimum', 'below_minimum', 'warning', '{}'),
    ('b-visible', 'Not visible', 'not_visible', 'warning', '{}'),
    ('b-gap', 'Gap', 'delivery_gap', 'warning', '{"percent": 20}'),
    ('b-event', 'Event dropped', 'event_volume_drop', 'critical', '{"event": "bench_event_3", "hours": 3, "percent": 50, "minimumLastWeek": 20}'),
    ('b-ingest', 'Refused data', 'ingest_rejections', 'warning', '{"minutes": 15, "threshold": 100}'),
    ('b-backlog', 'Backlog', 'delivery_backlog', 'warning', '{"lagMinutes": 30}')`);
  await c.query("ANALYZE");
  return points;
}

export const monitoringBenchmark: Benchmark = {
  description: "alert evaluation: every rule over N syncs with D days of runs and snapshots",
  usage: "npm run bench -- monitoring [--syncs 500] [--days 90] [--every-minutes 60] [--database-url URL]",
  async run(flags: Flags) {
    const syncs = intFlag(flags, "syncs", 500);
    const days = intFlag(flags, "days", 90);
    const everyMinutes = intFlag(flags, "every-minutes", 60);
    let points = 0;
    const run = async (c: pg.Client) => void (points = await seed(c, syncs, days, everyMinutes));
    return runSeeded(flags, { run }, async ({ admin, seedMs }) => {
      // Imported after DATABASE_URL is set: lib/db reads it on first use.
      const { evaluateAlerts } = await import("@/lib/monitoring/alerts/evaluate-alerts");
      const first = await evaluateAlerts();
      const steady = [];
      for (let i = 0; i < 5; i++) steady.push(await evaluateAlerts());
      const steadyMs = median(steady.map((s) => s.ms));
      // The facts phase split: the shared health model's loader, and the alert rules' own query.
      const { loadSyncHealth } = await import("@/lib/sync/load-sync-health");
      const t = performance.now();
      await loadSyncHealth();
      const healthMs = Math.round(performance.now() - t);
      const slowest = steady.find((s) => s.ms === steadyMs)!;
      const open = Number((await admin.query("SELECT count(*) FROM alerts WHERE state = 'open'")).rows[0].count);
      printTable("Alert evaluation", [
        ["syncs", syncs],
        ["days of history", days],
        ["runs and snapshots per sync", points],
        ["rules", first.rules],
        ["seed time", `${(seedMs / 1000).toFixed(1)} s`],
        ["first evaluation (opens alerts, finds causes)", `${first.ms} ms (${first.opened} opened)`],
        ["steady evaluation (median of 5)", `${steadyMs} ms`],
        ["  of which sync facts", `${slowest.phases.facts} ms`],
        ["    loadSyncHealth (lib/sync) alone", `${healthMs} ms`],
        ["  of which rules", `${slowest.phases.rules} ms`],
        ["  of which reconcile", `${slowest.phases.reconcile} ms`],
        ["open alerts", open],
        ["target", "< 1000 ms"],
      ]);
      const m = machine();
      return {
        syncs,
        days,
        points,
        rules: first.rules,
        first_ms: first.ms,
        opened: first.opened,
        steady_ms: steadyMs,
        facts_ms: slowest.phases.facts ?? null,
        health_ms: healthMs,
        rules_ms: slowest.phases.rules ?? null,
        reconcile_ms: slowest.phases.reconcile ?? null,
        open_alerts: open,
        under_target: steadyMs < 1000 && first.ms < 1000,
        cpus: m.cpus,
        load1: m.load1,
      };
    });
  },
};
