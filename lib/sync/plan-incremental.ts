import type pg from "pg";
import { pool } from "@/lib/db";
import { changedIds, classifiedSql, planInsertSql, type PlanShape } from "@/lib/sync/plan-sql";
import { planSync, summarize, type PlanCounts, type PlanInput, type StatusRow } from "@/lib/sync/plan-sync";

// Incremental sync plans (issue 16 item 2). A run's plan is the full diff (plan-sync.ts) or, when
// nothing global changed since the sync's committed position, the same classification and diff
// restricted to the people who changed since then:
//   - entered or left the sync's segment or a suppression segment (membership_changes, written
//     by a trigger on segment_memberships, so every writer is covered: refreshes, real-time passes);
//   - identifiers, phone validity or test status changed (profile_changes, a trigger on profiles);
//   - refused by the destination, or their refusal expired (sync_rejections: refusals count for a day);
//   - entered long enough ago that the cap now applies (a time window over entered_at).
// Why the two agree: after a run that delivered everything it planned, audience_members is what
// the full plan at that snapshot wanted for everyone, so a later full plan can only differ for
// people whose classification inputs changed since, and those are the people above. The counts
// (segment size, suppressed, coverage…) come from sync_member_states, every member's status as of
// the latest plan, adjusted by the changed people's old and new status.
//
// The position is the plan snapshot's xmin: rows with xid >= position are read, and a transaction
// still running at the snapshot has an xid >= its xmin, so it is read by the next run (fanout.ts).
// It moves only when the run delivered everything it planned (run-sync.ts commitPosition): a
// crash, a failed batch or a stop leaves it where it was, and the next run replans from there.
//
// Full plans, and why (the run record shows it): the first run; the sync's settings, its
// suppression rules or the global control group changed; the sync is a tier of a tier group
// (other tiers' deliveries decide its plan); the last full plan has not yet been delivered in
// full; the member states were lost (an unclean Postgres restart empties the UNLOGGED table); and
// as a reconciliation every RECONCILE_EVERY_RUNS runs or RECONCILE_AFTER_HOURS hours.

export const RECONCILE_EVERY_RUNS = 100;
export const RECONCILE_AFTER_HOURS = 24;

/** Changes older than this are deleted; a position this old is long past reconciliation. */
const KEEP_CHANGES = "3 days";

export type PositionRow = {
  position: string | null;
  position_at: Date | null;
  fingerprint: string | null;
  needs_full: boolean;
  runs_since_full: number;
  full_at: Date | null;
  counts: StatusRow[] | null;
  states: number;
  has_states: boolean;
  /** The delivered set's size, when no run touched it since the run that measured it. */
  delivered?: number | null;
};

/** Why this run must plan everyone, or null when it may plan from what changed (pure). */
export function fullPlanReason(pos: PositionRow | undefined, fingerprint: string, tiered: boolean, now = new Date()): string | null {
  if (!pos || pos.position === null || !pos.counts || !pos.full_at) return "first run";
  if (tiered) return "part of a tier group";
  if (pos.fingerprint !== fingerprint) return "settings changed";
  if (pos.needs_full) return "the last full check was not delivered in full";
  if (pos.states > 0 && !pos.has_states) return "the database restarted";
  if (pos.runs_since_full >= RECONCILE_EVERY_RUNS) return `every ${RECONCILE_EVERY_RUNS} runs`;
  if (now.getTime() - pos.full_at.getTime() >= RECONCILE_AFTER_HOURS * 3_600_000) return "daily";
  return null;
}

/**
 * Everything the decision reads, in the plan's snapshot (the first statement of its transaction):
 * what besides who changed decides the plan (the fingerprint's inputs), the position, and the
 * snapshot itself. Sent with BEGIN and the settings as one round trip (under load each round trip
 * waits for a CPU), so the ids come quoted as literals (client.escapeLiteral) instead of parameters.
 */
const stateSql = (syncId: string, runId: string) => `
  SELECT s.promotional, (SELECT id::text FROM global_control_changes ORDER BY id DESC LIMIT 1) AS control,
         EXISTS (SELECT 1 FROM tier_group_members WHERE sync_id = s.id) AS tiered,
         pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, now() AS at,
         EXISTS (SELECT 1 FROM sync_rejections WHERE sync_id = s.id AND rejected_at > now() - interval '1 day') AS rejections,
         p.position::text, p.position_at, p.fingerprint, p.needs_full, p.runs_since_full, p.full_at, p.counts, p.states,
         EXISTS (SELECT 1 FROM sync_member_states WHERE sync_id = s.id) AS has_states,
         CASE WHEN p.delivered_run = (SELECT id FROM sync_runs WHERE sync_id = s.id AND id <> ${runId} AND NOT dry_run AND started_at IS NOT NULL
                                      ORDER BY started_at DESC LIMIT 1) THEN p.delivered END AS delivered
    FROM syncs s LEFT JOIN sync_plan_positions p ON p.sync_id = s.id
   WHERE s.id = ${syncId}`;

type StateRow = Omit<PositionRow, "position"> & {
  position: string | null;
  promotional: boolean;
  control: string | null;
  tiered: boolean;
  xmin: string;
  at: Date;
  rejections: boolean;
};

/** Everything besides who changed that decides the plan: when it differs from the position's, everyone is planned. */
function fingerprintOf(input: PlanInput, state: Pick<StateRow, "promotional" | "control"> | undefined) {
  return JSON.stringify({
    segment: input.segmentId,
    identifiers: input.identifiers,
    cap: input.capDays,
    holdout: input.holdoutPercent,
    mode: input.mode,
    suppression: [...input.suppressionSegmentIds].sort(),
    promotional: state?.promotional ?? true,
    control: state?.control ?? null,
  });
}

// Every join of an incremental plan starts from the changed people and probes a primary key.
// Left alone, the planner prefers hashing all of segment_memberships, sync_member_states and
// audience_members (a million rows each) once the changed set passes a few thousand: measured at
// 1M members and 1% churn, 1.8-3.2 s per statement that way against index probes in proportion
// to the churn.
const BEGIN_PROBES =
  "BEGIN ISOLATION LEVEL REPEATABLE READ; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; SET LOCAL enable_seqscan = off";

/** Plans a real run: incremental when it may be, else the full plan (which then keeps member states). */
export async function planRun(client: pg.PoolClient, input: PlanInput, runId: string): Promise<PlanCounts> {
  let state: StateRow | undefined;
  try {
    // Several statements in one query: pg answers with one result each, the state is the last.
    const results = (await client.query(
      `${BEGIN_PROBES}; ${stateSql(client.escapeLiteral(input.syncId), client.escapeLiteral(runId))}`,
    )) as unknown as pg.QueryResult<StateRow>[];
    state = results.at(-1)!.rows[0];
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
  const fingerprint = fingerprintOf(input, state);
  const reason = fullPlanReason(state, fingerprint, state?.tiered ?? false);
  if (reason) {
    await client.query("ROLLBACK");
    const plan = await planSync(client, input, runId, { recordHoldouts: true, track: true });
    return { ...plan, kind: "full", fullReason: reason, position: plan.position && { ...plan.position, fingerprint } };
  }
  return incrementalPlan(client, input, runId, state!, fingerprint);
}

/**
 * The whole incremental plan, as one statement in the snapshot stateSql read. Parameters: $1-$5
 * the classification's (plan-sql.ts), $6 run id, $7 mirror, $8 record holdouts (always: a real
 * run), $9 the position (xid), $10 its time.
 *   changed     who changed since the position, among the segments the plan reads: entered or left
 *               the segment or a suppression segment, identifiers/phone/test status changed, refused
 *               or their refusal expired (they count for a day), entered long enough ago for the cap
 *   classified  those of them who are members, classified by the same rules as a full plan
 *   items       the diff against what the destination has for them, written to sync_plan_items
 *   holds       the newly held out, recorded for the lift report
 *   gone / kept the member states: deleted for who is no longer a member, else written when they
 *               changed; both return the old status (PostgreSQL 18's RETURNING old), so the counts
 *               are adjusted without reading the states a second time
 *   counts      the position's counts minus old statuses plus new ones, saved with the position
 * The CTEs are materialized once each; each reads the statement's snapshot, so `gone` and `kept`
 * see the states as of the position, and the rows they write are disjoint (who left, who stayed).
 */
const incrementalSql = (shape: PlanShape) => `
  WITH changed AS MATERIALIZED (
    SELECT DISTINCT id AS profile_id FROM (
      SELECT unnest(profile_ids) AS id FROM membership_changes WHERE xid >= $9::bigint AND (segment_id = $2 OR segment_id = ANY($3::text[]))
      UNION ALL SELECT unnest(profile_ids) FROM profile_changes WHERE xid >= $9::bigint
      UNION ALL SELECT profile_id FROM sync_rejections WHERE sync_id = $1 AND rejected_at >= $10::timestamptz - interval '1 day 1 minute'
      UNION ALL SELECT profile_id FROM segment_memberships
       WHERE $4::int IS NOT NULL AND segment_id = $2
         AND entered_at >= $10::timestamptz - make_interval(days => $4::int) - interval '1 minute'
         AND entered_at <= now() - make_interval(days => $4::int) + interval '1 minute'
    ) c WHERE id IS NOT NULL),
  classified AS MATERIALIZED (${classifiedSql(shape)}),
  items AS (${planInsertSql(shape, "SELECT * FROM classified")} RETURNING op, profile_id),
  holds AS (
    INSERT INTO sync_holdouts (sync_id, profile_id, holdout_percent)
    SELECT $1, profile_id, $5 FROM items WHERE op = 'hold' ON CONFLICT DO NOTHING),
  gone AS (
    DELETE FROM sync_member_states s
     WHERE s.sync_id = $1 AND s.profile_id = ${changedIds("(SELECT profile_id FROM changed EXCEPT SELECT profile_id FROM classified) g")}
    RETURNING s.status, s.e, s.p, s.x),
  kept AS (
    INSERT INTO sync_member_states AS s (sync_id, profile_id, status, e, p, x)
    SELECT $1, profile_id, status, e IS NOT NULL, p IS NOT NULL, x IS NOT NULL FROM classified
    ON CONFLICT (sync_id, profile_id) DO UPDATE SET status = EXCLUDED.status, e = EXCLUDED.e, p = EXCLUDED.p, x = EXCLUDED.x
      WHERE (s.status, s.e, s.p, s.x) IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.e, EXCLUDED.p, EXCLUDED.x)
    RETURNING old.status AS old_status, old.e AS old_e, old.p AS old_p, old.x AS old_x, new.status, new.e, new.p, new.x),
  delta (status, n, e, p, x) AS (
    SELECT status, -1, e, p, x FROM gone
    UNION ALL SELECT old_status, -1, old_e, old_p, old_x FROM kept WHERE old_status IS NOT NULL
    UNION ALL SELECT status, 1, e, p, x FROM kept),
  counts AS (
    SELECT status, sum(n)::int AS n, sum(email)::int AS email, sum(phone)::int AS phone, sum(external_id)::int AS external_id
    FROM (
      SELECT b.* FROM sync_plan_positions pp,
        jsonb_to_recordset(pp.counts) AS b(status text, n int, email int, phone int, external_id int) WHERE pp.sync_id = $1
      UNION ALL
      SELECT status, n, CASE WHEN e THEN n ELSE 0 END, CASE WHEN p THEN n ELSE 0 END, CASE WHEN x THEN n ELSE 0 END FROM delta
    ) t GROUP BY status HAVING sum(n) <> 0),
  saved AS (
    UPDATE sync_plan_positions
       SET counts = (SELECT coalesce(jsonb_agg(to_jsonb(c)), '[]'::jsonb) FROM counts c),
           states = (SELECT coalesce(sum(n), 0) FROM counts), updated_at = now()
     WHERE sync_id = $1)
  SELECT (SELECT coalesce(json_agg(c), '[]'::json) FROM counts c) AS counts,
         (SELECT coalesce(json_agg(o), '[]'::json) FROM (SELECT op, count(*)::int AS n FROM items GROUP BY op) o) AS ops,
         (SELECT count(*)::int FROM changed) AS changed`;

async function incrementalPlan(
  client: pg.PoolClient,
  input: PlanInput,
  runId: string,
  state: StateRow,
  fingerprint: string,
): Promise<PlanCounts> {
  try {
    const shape: PlanShape = { identifiers: input.identifiers, rejections: state.rejections, only: "changed", tiers: false };
    const { rows } = await client.query<{ counts: StatusRow[]; ops: { op: string; n: number }[]; changed: number }>(incrementalSql(shape), [
      input.syncId,
      input.segmentId,
      input.suppressionSegmentIds,
      input.capDays,
      input.holdoutPercent,
      runId,
      input.mode === "mirror",
      true,
      state.position,
      state.position_at,
    ]);
    const { counts, ops, changed } = rows[0]!;
    // The run holds the sync's lock, so the size the previous run left is still true; counted
    // only when some other run (one killed mid-way, say) came after it.
    const delivered =
      state.delivered ??
      (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM audience_members WHERE sync_id = $1", [input.syncId])).rows[0]!.n;
    await client.query("COMMIT");
    return {
      ...summarize(counts, ops, delivered),
      kind: "incremental",
      changed,
      position: { xmin: state.xmin, at: state.at, fingerprint },
    };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}

/**
 * After a run: moves the sync's position to its plan's snapshot, only when the run delivered
 * everything it planned (succeeded, nothing failed, not stopped). Otherwise the position stays and
 * the next run plans again from there, which includes everyone this run did not get through.
 */
export async function commitPosition(syncId: string, plan: PlanCounts, outcome: { status: string; failed: number; stopped: boolean }) {
  const position = plan.position;
  if (!position?.fingerprint || outcome.status !== "succeeded" || outcome.failed > 0 || outcome.stopped) return false;
  const full = plan.kind === "full";
  await pool().query(
    `UPDATE sync_plan_positions SET position = $2::bigint, position_at = $3, fingerprint = $4, needs_full = false, updated_at = now(),
       runs_since_full = CASE WHEN $5 THEN 0 ELSE runs_since_full + 1 END, full_at = CASE WHEN $5 THEN $3 ELSE full_at END
     WHERE sync_id = $1`,
    [syncId, position.xmin, position.at, position.fingerprint, full],
  );
  if (full) {
    await pool().query(`DELETE FROM membership_changes WHERE at < now() - interval '${KEEP_CHANGES}'`);
    await pool().query(`DELETE FROM profile_changes WHERE at < now() - interval '${KEEP_CHANGES}'`);
  }
  return true;
}

/** After every run that got to its end: the delivered set's size it left (exact: it held the sync's lock). */
export async function recordDelivered(syncId: string, runId: string, delivered: number) {
  await pool().query("UPDATE sync_plan_positions SET delivered = $3, delivered_run = $2 WHERE sync_id = $1", [syncId, runId, delivered]);
}

/** Makes the sync's next run a full plan (the delivered set was changed outside a run). */
export async function requireFullPlan(q: Pick<pg.PoolClient, "query">, syncId: string) {
  await q.query("UPDATE sync_plan_positions SET needs_full = true, updated_at = now() WHERE sync_id = $1", [syncId]);
}
