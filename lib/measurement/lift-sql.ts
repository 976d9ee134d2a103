import { entriesSql, entryJoinSql } from "@/lib/sync/entries-sql";

// The SQL half of a lift report: one row per group with the aggregates lift-stats.ts needs.
// Input is a query of (profile_id, grp, entered_at): who is in which group and since when.
// For each person, the conversion events (name $E) in [entered_at, entered_at + window) are
// counted and their revenue property ($P, numeric values only) summed; only people whose window
// has ended count (a person who entered yesterday has not had a week to buy yet), and test
// profiles never count (lib/people/population.ts).
// Placeholders: the caller's own parameters first, then $E event name, $P property, $W window
// days, passed as numbers so the same text serves both reports.

export type LiftRow = {
  grp: string;
  people: number;
  pending: number;
  converted: number;
  repeated: number;
  revenue: number;
  revenue_squares: number;
};

type LiftParams = { event: number; property: number; windowDays: number };

const windowSql = (p: LiftParams) => `make_interval(days => $${p.windowDays}::int)`;
const cutoffSql = (p: LiftParams) => `((now() AT TIME ZONE 'UTC') - ${windowSql(p)})`;
const NOT_TEST = "NOT IN (SELECT id FROM profiles WHERE is_test)";

/** An event row's revenue: its property $P when that is a number, else 0. */
const revenueSql = (p: LiftParams, e: string) =>
  `CASE WHEN ${e}.properties ->> $${p.property}::text ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN (${e}.properties ->> $${p.property}::text)::numeric ELSE 0 END`;

/** Every person with the conversion event: one row, their event times and revenue as arrays. */
const conversionsSql = (p: LiftParams) => `
    SELECT e.profile_id, array_agg(e.occurred_at) AS at, array_agg(${revenueSql(p, "e")}) AS rev
    FROM events e WHERE e.name = $${p.event}::text AND e.profile_id IS NOT NULL
    GROUP BY e.profile_id`;

/** Conversions and revenue per group, from rows of (grp, entered_at, at[], rev[]) aliased `a`, whose window has ended. */
const buysSql = (p: LiftParams, rows: string) => `
    SELECT a.grp, count(*) FILTER (WHERE w.n > 0)::int AS converted, count(*) FILTER (WHERE w.n >= 2)::int AS repeated,
           sum(w.rev) AS revenue, sum(w.rev * w.rev) AS revenue_squares
    FROM (${rows}) a
    CROSS JOIN LATERAL (
      SELECT count(*) AS n, coalesce(sum(u.r), 0) AS rev FROM unnest(a.at, a.rev) u(t, r)
      WHERE u.t >= a.entered_at AND u.t < a.entered_at + ${windowSql(p)}) w
    WHERE a.entered_at <= ${cutoffSql(p)}
    GROUP BY a.grp`;

const FINAL_COLUMNS = `coalesce(b.converted, 0)::int AS converted,
           coalesce(b.repeated, 0)::int AS repeated,
           coalesce(b.revenue, 0)::float8 AS revenue,
           coalesce(b.revenue_squares, 0)::float8 AS revenue_squares`;

export function liftAggregatesSql(assignedSql: string, p: LiftParams): string {
  // The assigned people are read once (materialized): their group sizes are counted from it, and
  // only the few who ever had the conversion event (one small hash table, one row per person with
  // times and revenue as arrays) are joined to it and look into their arrays, once each, for the
  // window. Everyone else adds nothing to conversions or revenue, so the per-person work is done
  // for about a tenth of a million, not all of them. Measured on 1M people: see README "Measurement".
  return `
    WITH conv AS (${conversionsSql(p)}),
    assigned AS MATERIALIZED (
      SELECT a.profile_id, a.grp, a.entered_at, a.entered_at <= ${cutoffSql(p)} AS done
      FROM (${assignedSql}) a
      WHERE a.profile_id ${NOT_TEST}
    ),
    sizes AS (
      SELECT grp, count(*) FILTER (WHERE done)::int AS people, count(*) FILTER (WHERE NOT done)::int AS pending
      FROM assigned GROUP BY grp
    ),
    buys AS (${buysSql(p, "SELECT a.grp, a.entered_at, c.at, c.rev FROM assigned a JOIN conv c ON c.profile_id = a.profile_id")})
    SELECT s.grp, s.people, s.pending, ${FINAL_COLUMNS}
    FROM sizes s LEFT JOIN buys b ON b.grp = s.grp`;
}

/**
 * A sync's lift aggregates, $1 = sync id: the groups of SYNC_ASSIGNED_SQL below, counted without
 * building them person by person. Sizes are plain counts of the entries and sync_holdouts (each an
 * aggregate over one index range), less the people in both, found by probing the holdouts into the
 * entries. Conversions start from the people with the conversion event (about a tenth of a million)
 * and look up each one's entry or holdout by primary key, so nobody without the event is joined.
 * Same figures as liftAggregatesSql(SYNC_ASSIGNED_SQL) (lib/measurement/lift-report.test.ts).
 */
export function syncLiftSql(p: LiftParams): string {
  // The cutoff once per statement (an InitPlan): written inline, now() AT TIME ZONE ... is
  // recomputed for every row, which over a million entries costs more than the counting itself.
  const cutoff = "(SELECT at FROM cutoff)";
  const counts = (table: string, at: string) => `
      SELECT count(*) FILTER (WHERE ${at} <= ${cutoff})::int AS done, count(*) FILTER (WHERE ${at} > ${cutoff})::int AS pending
      FROM ${table} WHERE sync_id = $1 AND profile_id ${NOT_TEST}`;
  return `
    WITH cutoff AS (SELECT ${cutoffSql(p)} AS at),
    t AS (${counts(`${entriesSql("sync_id = $1")} e`, "entered_at")}),
    h AS (${counts("sync_holdouts", "held_at")}),
    both_ AS (
      SELECT count(*)::int AS n, count(*) FILTER (WHERE e.entered_at <= ${cutoff})::int AS t_done,
             count(*) FILTER (WHERE x.held_at <= ${cutoff})::int AS h_done
      FROM sync_holdouts x ${entryJoinSql("$1", "x.profile_id", "e")}
      WHERE x.sync_id = $1 AND x.profile_id ${NOT_TEST} AND e.entered_at IS NOT NULL
    ),
    sizes AS (
      SELECT 'treated' AS grp, t.done - both_.t_done AS people, t.pending - (both_.n - both_.t_done) AS pending FROM t, both_
      UNION ALL SELECT 'control', h.done - both_.h_done, h.pending - (both_.n - both_.h_done) FROM h, both_
      UNION ALL SELECT 'both', both_.t_done, both_.n - both_.t_done FROM both_
    ),
    -- Each conversion event with its person's entry or holdout (merge joins in profile order), kept
    -- when inside that person's window, counted per person, then per group. People in both are in
    -- neither group.
    per_person AS (
      SELECT CASE WHEN x.profile_id IS NULL THEN 'treated' ELSE 'control' END AS grp, ev.profile_id,
             count(*) AS n, sum(${revenueSql(p, "ev")}) AS rev
      FROM events ev
      ${entryJoinSql("$1", "ev.profile_id", "e")}
      LEFT JOIN sync_holdouts x ON x.sync_id = $1 AND x.profile_id = ev.profile_id
      WHERE ev.name = $${p.event}::text AND ev.profile_id ${NOT_TEST}
        AND (e.entered_at IS NULL) <> (x.profile_id IS NULL)
        AND coalesce(e.entered_at, x.held_at) <= ${cutoff}
        AND ev.occurred_at >= coalesce(e.entered_at, x.held_at) AND ev.occurred_at < coalesce(e.entered_at, x.held_at) + ${windowSql(p)}
      GROUP BY 1, 2
    ),
    buys AS (
      SELECT grp, count(*)::int AS converted, count(*) FILTER (WHERE n >= 2)::int AS repeated,
             sum(rev) AS revenue, sum(rev * rev) AS revenue_squares
      FROM per_person GROUP BY grp
    )
    SELECT s.grp, s.people::int, s.pending::int, ${FINAL_COLUMNS}
    FROM sizes s LEFT JOIN buys b ON b.grp = s.grp`;
}

/**
 * A sync's groups. Entry is the first time the sync assigned the person: held out (sync_holdouts.held_at,
 * recorded once) or delivered (the earliest acknowledged add of a real run naming them: on the delivered row,
 * or in sync_entries once they left, lib/sync/entries-sql.ts).
 * Someone in both (the holdout share changed between runs) saw some of each, so they are "both" and left
 * out of either group. $1 = sync id. Two index scans in primary-key order, merged: no per-person hash.
 */
export const SYNC_ASSIGNED_SQL = `
  SELECT coalesce(t.profile_id, h.profile_id) AS profile_id,
         CASE WHEN t.profile_id IS NULL THEN 'control' WHEN h.profile_id IS NULL THEN 'treated' ELSE 'both' END AS grp,
         coalesce(t.entered_at, h.held_at) AS entered_at
  FROM (SELECT profile_id, entered_at FROM ${entriesSql("sync_id = $1")} e) t
  FULL JOIN (SELECT profile_id, held_at FROM sync_holdouts WHERE sync_id = $1) h ON h.profile_id = t.profile_id`;

/**
 * A tier group's groups, $1 = tier group id: the same definition over every tier's sync at once. A
 * person's entry is the first time any tier assigned them (delivered or held out); someone delivered
 * by one tier and held out by another saw some of each, so they are "both", left out of either group.
 */
export const TIER_GROUP_ASSIGNED_SQL = `
  SELECT coalesce(t.profile_id, h.profile_id) AS profile_id,
         CASE WHEN t.profile_id IS NULL THEN 'control' WHEN h.profile_id IS NULL THEN 'treated' ELSE 'both' END AS grp,
         coalesce(t.entered_at, h.held_at) AS entered_at
  FROM (SELECT profile_id, min(entered_at) AS entered_at
        FROM ${entriesSql("sync_id IN (SELECT sync_id FROM tier_group_members WHERE group_id = $1)")} e GROUP BY profile_id) t
  FULL JOIN (SELECT profile_id, min(held_at) AS held_at FROM sync_holdouts
        WHERE sync_id IN (SELECT sync_id FROM tier_group_members WHERE group_id = $1) GROUP BY profile_id) h
    ON h.profile_id = t.profile_id`;
