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
  const cutoff = `(now() AT TIME ZONE 'UTC') - ${window}`;
  // The assigned people are read once (materialized): their group sizes are counted from it, and
  // only the few who ever had the conversion event (one small hash table, one row per person with
  // times and revenue as arrays) are joined to it and look into their arrays, once each, for the
  // window. Everyone else adds nothing to conversions or revenue, so the per-person work is done
  // for about a tenth of a million, not all of them. Measured on 1M people: see README "Measurement".
  return `
    WITH conv AS (
      SELECT e.profile_id, array_agg(e.occurred_at) AS at,
             array_agg(CASE WHEN e.properties ->> $${p.property}::text ~ '^-?[0-9]+(\\.[0-9]+)?$'
                            THEN (e.properties ->> $${p.property}::text)::numeric ELSE 0 END) AS rev
      FROM events e WHERE e.name = $${p.event}::text AND e.profile_id IS NOT NULL
      GROUP BY e.profile_id
    ),
    assigned AS MATERIALIZED (
      SELECT a.profile_id, a.grp, a.entered_at, a.entered_at <= ${cutoff} AS done
      FROM (${assignedSql}) a
      WHERE a.profile_id NOT IN (SELECT id FROM profiles WHERE is_test)
    ),
    sizes AS (
      SELECT grp, count(*) FILTER (WHERE done)::int AS people, count(*) FILTER (WHERE NOT done)::int AS pending
      FROM assigned GROUP BY grp
    ),
    buys AS (
      SELECT a.grp, count(*) FILTER (WHERE w.n > 0)::int AS converted, count(*) FILTER (WHERE w.n >= 2)::int AS repeated,
             sum(w.rev) AS revenue, sum(w.rev * w.rev) AS revenue_squares
      FROM assigned a
      JOIN conv c ON c.profile_id = a.profile_id
      CROSS JOIN LATERAL (
        SELECT count(*) AS n, coalesce(sum(u.r), 0) AS rev FROM unnest(c.at, c.rev) u(t, r)
        WHERE u.t >= a.entered_at AND u.t < a.entered_at + ${window}) w
      WHERE a.done
      GROUP BY a.grp
    )
    SELECT s.grp, s.people, s.pending,
           coalesce(b.converted, 0)::int AS converted,
           coalesce(b.repeated, 0)::int AS repeated,
           coalesce(b.revenue, 0)::float8 AS revenue,
           coalesce(b.revenue_squares, 0)::float8 AS revenue_squares
    FROM sizes s LEFT JOIN buys b ON b.grp = s.grp`;
}

/**
 * A sync's groups. Entry is the first time the sync assigned the person: held out (sync_holdouts.held_at,
 * recorded once) or delivered (sync_entries: the earliest acknowledged add batch of a real run naming them,
 * kept by triggers on the batch history that every audience row is written with, lib/sync/commit-batch.ts).
 * Someone in both (the holdout share changed between runs) saw some of each, so they are "both" and left
 * out of either group. $1 = sync id. Two index scans in primary-key order, merged: no per-person hash.
 */
export const SYNC_ASSIGNED_SQL = `
  SELECT coalesce(t.profile_id, h.profile_id) AS profile_id,
         CASE WHEN t.profile_id IS NULL THEN 'control' WHEN h.profile_id IS NULL THEN 'treated' ELSE 'both' END AS grp,
         coalesce(t.entered_at, h.held_at) AS entered_at
  FROM (SELECT profile_id, entered_at FROM sync_entries WHERE sync_id = $1) t
  FULL JOIN (SELECT profile_id, held_at FROM sync_holdouts WHERE sync_id = $1) h ON h.profile_id = t.profile_id`;
