// The global control group's membership, as SQL (issue 15 item 2): a stable hash of a workspace
// salt and the profile id, bucketed into [0, 10000); a person is in the control group when their
// bucket is below percent × 100. The salt never changes once made, so growing the group from 5%
// to 10% keeps the first 5% in it, and the assignment is reproducible from the change history
// alone (global_control_changes), with nothing stored per person.

/** The setting in effect now: the newest change. */
export const CURRENT_CONTROL_SQL = "SELECT percent, salt FROM global_control_changes ORDER BY id DESC LIMIT 1";

export const controlBucketSql = (saltExpr: string, profileExpr: string) =>
  `mod(mod(hashtextextended(${saltExpr} || ':' || ${profileExpr}, 0), 10000) + 10000, 10000)`;

/**
 * For the sync plan (lib/sync/plan-sql.ts): is this member in the control group that sync
 * `syncParam` must leave out? Only promotional syncs leave it out (transactional ones are exempt).
 * The subqueries are uncorrelated (InitPlans, run once per plan), and the hash is only computed
 * when the group is on for this sync.
 */
export const inGlobalControlForSyncSql = (syncParam: string, profileExpr: string) => {
  const percent = `(SELECT CASE WHEN s.promotional THEN g.percent ELSE 0 END FROM syncs s, (${CURRENT_CONTROL_SQL}) g WHERE s.id = ${syncParam})`;
  return `(coalesce(${percent}, 0) > 0 AND ${controlBucketSql(`(SELECT salt FROM (${CURRENT_CONTROL_SQL}) g)`, profileExpr)} < ${percent} * 100)`;
};
