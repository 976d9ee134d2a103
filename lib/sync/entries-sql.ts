// When each person first entered a sync's delivered audience, for the lift report: the earliest
// acknowledged add of a real run naming them. It lives in one of two places, never both:
//   audience_members.entered_at  people the destination has now (a new row takes the commit's
//                                time, the same now() as its batch record's finished_at)
//   sync_entries                 people who left: written as their row is deleted, moved back onto
//                                the row when they return, so a returning person keeps their first entry
// A first run writes no entry rows at all (migration 20261203130000). Every writer of
// audience_members goes through these statements (commit-batch.ts, recheck-requests.ts).
// Parameters: $1 sync id, $2 profile ids (bigint[]).

/** Every entry of the sync in `syncCondition` (e.g. `sync_id = $1`): columns sync_id, profile_id, entered_at. */
export const entriesSql = (syncCondition: string) => `(
  SELECT sync_id, profile_id, entered_at FROM audience_members WHERE ${syncCondition}
  UNION ALL
  SELECT sync_id, profile_id, entered_at FROM sync_entries WHERE ${syncCondition})`;

/**
 * Joins each `person` to their entry in sync `syncParam`: `alias.entered_at`, null when they have none.
 * Two probes by primary key (or merge joins) instead of a join to `entriesSql`, whose union the
 * planner can only sort as a whole (measured on the lift report at 1M: 1.36 s against 0.86 s).
 */
export const entryJoinSql = (syncParam: string, person: string, alias: string) => `
      LEFT JOIN audience_members ${alias}_now ON ${alias}_now.sync_id = ${syncParam} AND ${alias}_now.profile_id = ${person}
      LEFT JOIN sync_entries ${alias}_past ON ${alias}_past.sync_id = ${syncParam} AND ${alias}_past.profile_id = ${person}
      CROSS JOIN LATERAL (SELECT least(${alias}_now.entered_at, ${alias}_past.entered_at) AS entered_at) ${alias}`;

/**
 * CTEs ending in `back`: the people of $2 who were delivered before and left (profile_id,
 * entered_at), their entries taken out of sync_entries for the caller to put on their
 * audience_members rows. Within the ids' range only, so a first sync of new people costs one index
 * probe per commit.
 */
export const TAKE_BACK_ENTRIES_CTE = `ids AS MATERIALIZED (SELECT unnest($2::bigint[]) AS id),
  back AS (
    DELETE FROM sync_entries e USING ids
     WHERE e.sync_id = $1 AND e.profile_id BETWEEN (SELECT min(id) FROM ids) AND (SELECT max(id) FROM ids) AND e.profile_id = ids.id
    RETURNING e.profile_id, e.entered_at)`;

/**
 * Deletes $2 from the delivered set, keeping each one's entry in sync_entries, and counts them.
 * `keep` limits which entries are kept (a condition on the deleted row `gone`): a delivery found
 * to have failed afterwards keeps only entries older than itself (recheck-requests.ts).
 */
export const leaveSql = (keep = "TRUE") => `
  WITH gone AS (
    DELETE FROM audience_members WHERE sync_id = $1 AND profile_id = ANY($2::bigint[]) RETURNING profile_id, entered_at),
  kept AS (
    INSERT INTO sync_entries (sync_id, profile_id, entered_at)
    SELECT $1, gone.profile_id, gone.entered_at FROM gone WHERE ${keep}
    ON CONFLICT (sync_id, profile_id) DO UPDATE SET entered_at = least(sync_entries.entered_at, EXCLUDED.entered_at))
  SELECT count(*)::int AS n FROM gone`;

/** After a first run's COPY of $2 (which can conflict with nobody, copy-rows.ts): returning people get their first entry back. */
export const RESTORE_ENTRIES_SQL = `
  WITH ${TAKE_BACK_ENTRIES_CTE}
  UPDATE audience_members a SET entered_at = least(a.entered_at, r.entered_at)
    FROM back r WHERE a.sync_id = $1 AND a.profile_id = r.profile_id`;
