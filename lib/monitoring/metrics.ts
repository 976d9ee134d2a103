import { Counter, Gauge, Registry } from "prom-client";
import { pool } from "@/lib/db";
import { loadSyncHealth } from "@/lib/sync/load-sync-health";

// GET /metrics (issue 12 item 7): the workspace's figures in Prometheus' text format, for the
// tooling a team already runs. Every scrape reads the database afresh into a new registry, so
// any number of app instances answer the same numbers (nothing lives in one process's memory).
// Totals that only grow (runs, their durations) are counters: Prometheus' rate() works on them.
// Run durations are exposed as a sum and a count (rate(sum) / rate(count) = mean duration).

export async function collectMetrics(): Promise<{ contentType: string; body: string }> {
  const registry = new Registry();
  const [runs, latest, queue, ledger, ingest, alerts, health] = await Promise.all([
    pool().query<{ sync_id: string; sync: string; outcome: string; n: number; seconds: number }>(
      `SELECT r.sync_id, s.name AS sync, r.status::text AS outcome, count(*)::int AS n,
              coalesce(sum(extract(epoch FROM r.finished_at - r.started_at)), 0)::float8 AS seconds
       FROM sync_runs r JOIN syncs s ON s.id = r.sync_id
       WHERE NOT r.dry_run AND r.status IN ('succeeded', 'partial', 'failed', 'cancelled')
       GROUP BY r.sync_id, s.name, r.status`,
    ),
    pool().query<{ sync_id: string; sync: string; delivered: number | null; reported: number | null; match_rate: number | null }>(
      `SELECT s.id AS sync_id, s.name AS sync, l.audience_size AS delivered, l.reported_size AS reported, l.match_rate
       FROM syncs s JOIN LATERAL (SELECT * FROM metric_snapshots WHERE sync_id = s.id ORDER BY taken_at DESC, id DESC LIMIT 1) l ON true`,
    ),
    pool()
      .query<{ queue: string; depth: number; age: number | null }>(
        `SELECT name AS queue, count(*)::int AS depth, extract(epoch FROM now() - min(created_on))::float8 AS age
         FROM pgboss.job WHERE state IN ('created', 'retry') GROUP BY name`,
      )
      .catch(() => ({ rows: [] })), // no queue schema yet (a database no worker has started on)
    pool().query<{ kind: string; state: string; n: number; age: number | null }>(
      `SELECT e.kind, d.state, count(*)::int AS n, extract(epoch FROM now() AT TIME ZONE 'UTC' - min(d.enqueued_at))::float8 AS age
       FROM deliveries d JOIN delivery_endpoints e ON e.id = d.endpoint_id GROUP BY e.kind, d.state`,
    ),
    pool().query<{ events: number; rejections: number; rejections_total: number }>(
      `SELECT (SELECT count(*)::int FROM events WHERE occurred_at > (now() AT TIME ZONE 'UTC') - interval '5 minutes') AS events,
              (SELECT count(*)::int FROM ingest_rejections WHERE received_at > (now() AT TIME ZONE 'UTC') - interval '5 minutes') AS rejections,
              (SELECT count(*)::int FROM ingest_rejections) AS rejections_total`,
    ),
    pool()
      .query<{ state: string; severity: string; n: number }>(
        "SELECT state, severity, count(*)::int AS n FROM alerts GROUP BY state, severity",
      )
      .catch(() => ({ rows: [] })), // alerts table not migrated in this database
    loadSyncHealth(),
  ]);

  const runsTotal = new Counter({
    name: "downstream_sync_runs_total",
    help: "Finished sync runs (previews excluded), by sync and outcome.",
    labelNames: ["sync_id", "sync", "outcome"],
    registers: [registry],
  });
  const runSeconds = new Counter({
    name: "downstream_sync_run_duration_seconds_sum",
    help: "Total time finished sync runs took, by sync and outcome; divide by downstream_sync_runs_total for the mean.",
    labelNames: ["sync_id", "sync", "outcome"],
    registers: [registry],
  });
  for (const r of runs.rows) {
    runsTotal.inc({ sync_id: r.sync_id, sync: r.sync, outcome: r.outcome }, r.n);
    runSeconds.inc({ sync_id: r.sync_id, sync: r.sync, outcome: r.outcome }, Math.max(0, r.seconds));
  }

  const delivered = gauge(registry, "downstream_sync_audience_size", "People delivered to the destination audience after the latest run.", [
    "sync_id",
    "sync",
  ]);
  const reported = gauge(registry, "downstream_sync_platform_size", "The audience size the platform reported after the latest run.", [
    "sync_id",
    "sync",
  ]);
  const matchRate = gauge(registry, "downstream_sync_match_rate", "The platform's match rate after the latest run (0-1).", [
    "sync_id",
    "sync",
  ]);
  for (const r of latest.rows) {
    const labels = { sync_id: r.sync_id, sync: r.sync };
    if (r.delivered != null) delivered.set(labels, r.delivered);
    if (r.reported != null) reported.set(labels, r.reported);
    if (r.match_rate != null) matchRate.set(labels, Number(r.match_rate));
  }

  const names = new Map(latest.rows.map((r) => [r.sync_id, r.sync]));
  const state = gauge(registry, "downstream_sync_health", "1 for the state each sync is in (the health every screen shows).", [
    "sync_id",
    "sync",
    "state",
  ]);
  for (const [id, h] of health) state.set({ sync_id: id, sync: names.get(id) ?? id, state: h.state }, 1);

  const depth = gauge(registry, "downstream_queue_depth", "Jobs waiting in the job queue, by queue.", ["queue"]);
  const age = gauge(registry, "downstream_queue_oldest_age_seconds", "Age of the oldest waiting job, by queue.", ["queue"]);
  for (const q of queue.rows) {
    depth.set({ queue: q.queue }, q.depth);
    if (q.age != null) age.set({ queue: q.queue }, q.age);
  }
  const outbox = gauge(
    registry,
    "downstream_delivery_messages",
    "Messages in the delivery ledger (notifications, webhook actions), queued or dead, by endpoint kind.",
    ["kind", "state"],
  );
  const outboxAge = gauge(
    registry,
    "downstream_delivery_oldest_age_seconds",
    "Age of the oldest message in the ledger, by endpoint kind and state.",
    ["kind", "state"],
  );
  for (const d of ledger.rows) {
    outbox.set({ kind: d.kind, state: d.state }, d.n);
    if (d.age != null) outboxAge.set({ kind: d.kind, state: d.state }, Math.max(0, d.age));
  }

  const i = ingest.rows[0]!;
  gauge(registry, "downstream_ingest_events_per_second", "Events that happened in the last 5 minutes, per second.", []).set(i.events / 300);
  gauge(registry, "downstream_ingest_rejections_per_second", "Ingest payloads refused in the last 5 minutes, per second.", []).set(
    i.rejections / 300,
  );
  new Counter({
    name: "downstream_ingest_rejections_total",
    help: "Ingest payloads refused, all time (kept rejections).",
    registers: [registry],
  }).inc(i.rejections_total);

  const alertCount = gauge(registry, "downstream_alerts", "Alerts by state and severity.", ["state", "severity"]);
  for (const a of alerts.rows) alertCount.set({ state: a.state, severity: a.severity }, a.n);

  return { contentType: registry.contentType, body: await registry.metrics() };
}

function gauge(registry: Registry, name: string, help: string, labelNames: string[]) {
  return new Gauge({ name, help, labelNames, registers: [registry] });
}
