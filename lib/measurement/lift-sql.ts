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

export function liftAggregatesSql(assignedSql: string, p: { event: number; property: number; windowDays: number }): string {
  const window = `make_interval(days => $${p.windowDays}::int)`;
  const now = "(now() AT TIME ZONE 'UTC')";
  return `
    WITH assigned AS MATERIALIZED (
      SELECT a.profile_id, a.grp, a.entered_at FROM (${assignedSql}) a
      WHERE a.profile_id NOT IN (SELECT id FROM profiles WHERE is_test)
    ),
    measured AS (SELECT * FROM assigned WHERE entered_at <= ${now} - ${window}),
    per_person AS (
      SELECT m.profile_id, count(*) AS n,
             coalesce(sum(CASE WHEN e.properties ->> $${p.property}::text ~ '^-?[0-9]+(\\.[0-9]+)?$'
                               THEN (e.properties ->> $${p.property}::text)::numeric END), 0) AS rev
      FROM measured m
      JOIN events e ON e.profile_id = m.profile_id AND e.name = $${p.event}::text
       AND e.occurred_at >= m.entered_at AND e.occurred_at < m.entered_at + ${window}
      GROUP BY m.profile_id
    )
    SELECT a.grp,
           count(*) FILTER (WHERE a.entered_at <= ${now} - ${window})::int AS people,
           count(*) FILTER (WHERE a.entered_at > ${now} - ${window})::int AS pending,
           count(pp.profile_id)::int AS converted,
           count(*) FILTER (WHERE pp.n >= 2)::int AS repeated,
           coalesce(sum(pp.rev), 0)::float8 AS revenue,
           coalesce(sum(pp.rev * pp.rev), 0)::float8 AS revenue_squares
    FROM assigned a LEFT JOIN per_person pp ON pp.profile_id = a.profile_id
    GROUP BY a.grp`;
}

/**
 * A sync's groups. Entry is the first time the sync assigned the person: held out (sync_holdouts.held_at,
 * recorded once) or delivered (the earliest acknowledged add batch naming them, or the audience row's
 * added_at when no batch record has them). Someone in both (the holdout share changed between runs)
 * saw some of each, so they are "both" and left out of either group. $1 = sync id.
 */
export const SYNC_ASSIGNED_SQL = `
  SELECT coalesce(t.profile_id, h.profile_id) AS profile_id,
         CASE WHEN t.profile_id IS NULL THEN 'control' WHEN h.profile_id IS NULL THEN 'treated' ELSE 'both' END AS grp,
         coalesce(t.entered_at, h.held_at) AS entered_at
  FROM (
    SELECT profile_id, min(entered_at) AS entered_at FROM (
      SELECT x.profile_id, coalesce(b.finished_at, b.started_at) AS entered_at
        FROM sync_runs r JOIN sync_run_batches b ON b.run_id = r.id CROSS JOIN LATERAL unnest(b.profile_ids) x(profile_id)
       WHERE r.sync_id = $1 AND NOT r.dry_run AND b.op = 'add'
      UNION ALL
      SELECT profile_id, added_at FROM audience_members WHERE sync_id = $1
    ) s GROUP BY profile_id
  ) t
  FULL JOIN (SELECT profile_id, held_at FROM sync_holdouts WHERE sync_id = $1) h ON h.profile_id = t.profile_id`;
