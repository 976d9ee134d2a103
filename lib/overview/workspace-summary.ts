import { checkHealth } from "@/lib/health";
import { pool } from "@/lib/db";
import { profileCounts } from "@/lib/overview/page-counts";

// Figures for the Overview page, from counts kept up to date in Postgres (page-counts.ts). People figures count the people
// population (lib/people/population.ts): test profiles are not people, so they never inflate
// coverage, and the same rule sizes segments and the builder's "of N".
// Timestamps are Prisma's TIMESTAMP(3) holding UTC, so "now" is taken in UTC too;
// otherwise a server session in another time zone would shift every window.

export type DailyEvents = { day: string; count: number };
export type EventsByName = { name: string; count: number };

export type SetupProgress = {
  sources: number;
  segments: number;
  destinations: number;
  syncs: number;
  /** null until validation runs are stored (the table does not exist yet). */
  validationRuns: number | null;
};

export type WorkspaceSummary = {
  people: number;
  testProfiles: number;
  withEmail: number;
  withValidPhone: number;
  events24h: number;
  eventsByName7d: EventsByName[];
  dailyEvents14d: DailyEvents[];
  setup: SetupProgress;
  health: Awaited<ReturnType<typeof checkHealth>>;
};

const DAYS = 14;

export async function getWorkspaceSummary(): Promise<WorkspaceSummary> {
  const [counts, events, setup, health] = await Promise.all([profileCounts(), eventFigures(), setupProgress(), checkHealth()]);
  return {
    people: counts("people"),
    testProfiles: counts("test"),
    withEmail: counts("email_valid"),
    withValidPhone: counts("phone_valid_flag"),
    ...events,
    setup,
    health,
  };
}

// Event figures from the hourly counts (lib/overview/page-counts.ts) rather than a scan of
// events: whole UTC hours come from event_hourly_counts, and a rolling window's partial first
// hour (after now - 24 hours, before the next whole hour) from the occurred_at index, so the
// figures equal a count over events exactly. One statement, so both parts share one "now".
async function eventFigures(): Promise<Pick<WorkspaceSummary, "events24h" | "eventsByName7d" | "dailyEvents14d">> {
  const { rows } = await pool().query<{ kind: "24h" | "7d" | "day"; key: string; n: string; ord: string }>(`
    WITH now_utc AS (SELECT now() AT TIME ZONE 'UTC' AS t),
    windows AS (
      SELECT kind, t - span AS since, date_trunc('hour', t - span) + interval '1 hour' AS whole_from
        FROM now_utc, (VALUES ('24h', interval '24 hours'), ('7d', interval '7 days')) w(kind, span)
    ),
    rolling AS (
      SELECT w.kind, c.name, c.events FROM windows w JOIN event_hourly_counts c ON c.hour >= w.whole_from
      UNION ALL
      SELECT w.kind, e.name, 1 FROM windows w JOIN events e ON e.occurred_at > w.since AND e.occurred_at < w.whole_from
    ),
    by_name AS (
      SELECT name AS key, sum(events) AS n, row_number() OVER (ORDER BY sum(events) DESC, name) AS ord
        FROM rolling WHERE kind = '7d' GROUP BY name HAVING sum(events) <> 0 ORDER BY n DESC, name LIMIT 12
    )
    SELECT '24h' AS kind, '' AS key, COALESCE(sum(events), 0) AS n, 0 AS ord FROM rolling WHERE kind = '24h'
    UNION ALL SELECT '7d', key, n, ord FROM by_name
    UNION ALL
    SELECT 'day', to_char(date_trunc('day', hour), 'YYYY-MM-DD'), sum(events), 0 FROM event_hourly_counts, now_utc
     WHERE hour >= date_trunc('day', t) - interval '${DAYS - 1} days' GROUP BY 2`);
  const of = (kind: string) => rows.filter((r) => r.kind === kind);
  return {
    events24h: Number(of("24h")[0]?.n ?? 0),
    eventsByName7d: of("7d")
      .sort((a, b) => Number(a.ord) - Number(b.ord))
      .map((r) => ({ name: r.key, count: Number(r.n) })),
    dailyEvents14d: fillDays(new Map(of("day").map((r) => [r.key, Number(r.n)]))),
  };
}

async function setupProgress(): Promise<SetupProgress> {
  const { rows } = await pool().query<Record<"sources" | "segments" | "destinations" | "syncs", string> & { validation: string | null }>(`
    SELECT (SELECT count(*) FROM sources WHERE revoked_at IS NULL) AS sources,
           (SELECT count(*) FROM segments WHERE archived_at IS NULL) AS segments,
           (SELECT count(*) FROM destinations) AS destinations,
           (SELECT count(*) FROM syncs) AS syncs,
           to_regclass('validation_runs')::text AS validation`);
  const r = rows[0];
  const validationRuns = r.validation ? await scalar(`SELECT count(*) AS n FROM validation_runs`) : null;
  return {
    sources: Number(r.sources),
    segments: Number(r.segments),
    destinations: Number(r.destinations),
    syncs: Number(r.syncs),
    validationRuns,
  };
}

async function scalar(sql: string): Promise<number> {
  const { rows } = await pool().query<{ n: string }>(sql);
  return Number(rows[0]?.n ?? 0);
}

/** One entry per UTC day, oldest first, zero where nothing happened. */
function fillDays(counts: Map<string, number>): DailyEvents[] {
  const today = new Date();
  return Array.from({ length: DAYS }, (_, i) => {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (DAYS - 1 - i)));
    const day = d.toISOString().slice(0, 10);
    return { day, count: counts.get(day) ?? 0 };
  });
}
