import { checkHealth } from "@/lib/health";
import { pool } from "@/lib/db";
import { inPopulationSql } from "@/lib/people/population";

// Figures for the Overview page, read live from Postgres. People figures count the people
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
  const [people, events24h, byName, daily, setup, health] = await Promise.all([
    peopleFigures(),
    scalar(`SELECT count(*) AS n FROM events WHERE occurred_at > (now() AT TIME ZONE 'UTC') - interval '24 hours'`),
    pool().query<{ name: string; n: string }>(
      `SELECT name, count(*) AS n FROM events
        WHERE occurred_at > (now() AT TIME ZONE 'UTC') - interval '7 days'
        GROUP BY name ORDER BY n DESC, name LIMIT 12`,
    ),
    pool().query<{ day: string; n: string }>(
      `SELECT to_char(date_trunc('day', occurred_at), 'YYYY-MM-DD') AS day, count(*) AS n
         FROM events
        WHERE occurred_at >= date_trunc('day', now() AT TIME ZONE 'UTC') - interval '${DAYS - 1} days'
        GROUP BY 1`,
    ),
    setupProgress(),
    checkHealth(),
  ]);
  return {
    ...people,
    events24h,
    eventsByName7d: byName.rows.map((r) => ({ name: r.name, count: Number(r.n) })),
    dailyEvents14d: fillDays(new Map(daily.rows.map((r) => [r.day, Number(r.n)]))),
    setup,
    health,
  };
}

async function peopleFigures() {
  const { rows } = await pool().query<{ people: string; test: string; email: string; phone: string }>(`
    SELECT count(*) FILTER (WHERE ${inPopulationSql("p")}) AS people,
           count(*) FILTER (WHERE NOT ${inPopulationSql("p")}) AS test,
           count(*) FILTER (WHERE ${inPopulationSql("p")} AND p.email IS NOT NULL) AS email,
           count(*) FILTER (WHERE ${inPopulationSql("p")} AND p.phone_valid) AS phone
      FROM profiles p`);
  const r = rows[0];
  return { people: Number(r.people), testProfiles: Number(r.test), withEmail: Number(r.email), withValidPhone: Number(r.phone) };
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
