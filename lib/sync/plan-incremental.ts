import type pg from "pg";
import { pool } from "@/lib/db";
import { classifiedSql, planInsertSql, type PlanShape } from "@/lib/sync/plan-sql";
import {
  planSync,
  recordPlannedHoldouts,
  saveCounts,
  summarize,
  type PlanCounts,
  type PlanInput,
  type StatusRow,
} from "@/lib/sync/plan-sync";

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

/** Everything besides who changed that decides the plan: when it differs from the position's, everyone is planned. */
async function planContext(q: Pick<pg.PoolClient, "query">, input: PlanInput) {
  const { rows } = await q.query<{ promotional: boolean; control: string | null; tiered: boolean }>(
    `SELECT s.promotional, (SELECT id::text FROM global_control_changes ORDER BY id DESC LIMIT 1) AS control,
            EXISTS (SELECT 1 FROM tier_group_members WHERE sync_id = s.id) AS tiered
       FROM syncs s WHERE s.id = $1`,
    [input.syncId],
  );
  const r = rows[0] ?? { promotional: true, control: null, tiered: false };
  const fingerprint = JSON.stringify({
    segment: input.segmentId,
    identifiers: input.identifiers,
    cap: input.capDays,
    holdout: input.holdoutPercent,
    mode: input.mode,
    suppression: [...input.suppressionSegmentIds].sort(),
    promotional: r.promotional,
    control: r.control,
  });
  return { fingerprint, tiered: r.tiered };
}

/** Plans a real run: incremental when it may be, else the full plan (which then keeps member states). */
export async function planRun(client: pg.PoolClient, input: PlanInput, runId: string): Promise<PlanCounts> {
  const { fingerprint, tiered } = await planContext(client, input);
  const { rows } = await client.query<PositionRow>(
    `SELECT position::text, position_at, fingerprint, needs_full, runs_since_full, full_at, counts, states,
            EXISTS (SELECT 1 FROM sync_member_states WHERE sync_id = $1) AS has_states,
            CASE WHEN delivered_run = (SELECT id FROM sync_runs WHERE sync_id = $1 AND id <> $2 AND NOT dry_run AND started_at IS NOT NULL
                                        ORDER BY started_at DESC LIMIT 1) THEN delivered END AS delivered
       FROM sync_plan_positions WHERE sync_id = $1`,
    [input.syncId, runId],
  );
  const reason = fullPlanReason(rows[0], fingerprint, tiered);
  if (reason) {
    const plan = await planSync(client, input, runId, { recordHoldouts: true, track: true });
    return { ...plan, kind: "full", fullReason: reason, position: plan.position && { ...plan.position, fingerprint } };
  }
  return incrementalPlan(client, input, runId, rows[0]!, fingerprint);
}

/** Who changed since the position ($2 xid, $4 its time), among the segments the plan reads ($3). */
const CHANGED_SQL = `
  INSERT INTO sync_changed (profile_id)
  SELECT DISTINCT id FROM (
    SELECT unnest(profile_ids) AS id FROM membership_changes WHERE xid >= $2::bigint AND segment_id = ANY($3::text[])
    UNION ALL SELECT unnest(profile_ids) FROM profile_changes WHERE xid >= $2::bigint
    UNION ALL SELECT profile_id FROM sync_rejections WHERE sync_id = $1 AND rejected_at >= $4::timestamptz - interval '1 day 1 minute'
    UNION ALL SELECT profile_id FROM segment_memberships
     WHERE $5::int IS NOT NULL AND segment_id = $6
       AND entered_at >= $4::timestamptz - make_interval(days => $5::int) - interval '1 minute'
       AND entered_at <= now() - make_interval(days => $5::int) + interval '1 minute'
  ) c WHERE id IS NOT NULL`;

/**
 * The changed people, already classified, in place of the classification. It names the parameters
 * the classification used ($2 segment, $4 cap, $5 holdout) so Postgres still knows their types.
 */
const CLASSIFIED = "SELECT c.* FROM sync_classified c, (SELECT $2::text, $4::int, $5::int) AS typed";

const INDEX_PROBES = ["SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off", "SET LOCAL enable_seqscan = off"];

const COUNTS_OF = (table: string, where = "") => `
  SELECT status, count(*)::int AS n, count(*) FILTER (WHERE e)::int AS email, count(*) FILTER (WHERE p)::int AS phone,
         count(*) FILTER (WHERE x)::int AS external_id
  FROM ${table} ${where} GROUP BY status`;

async function incrementalPlan(
  client: pg.PoolClient,
  input: PlanInput,
  runId: string,
  pos: PositionRow,
  fingerprint: string,
): Promise<PlanCounts> {
  const params = [input.syncId, input.segmentId, input.suppressionSegmentIds, input.capDays, input.holdoutPercent];
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    // Every join here starts from the changed people and probes a primary key. Left alone, the
    // planner prefers hashing all of segment_memberships, sync_member_states and audience_members
    // (a million rows each) once the changed set passes a few thousand: measured at 1M members and
    // 1% churn, 1.8-3.2 s per statement that way against index probes in proportion to the churn.
    for (const setting of INDEX_PROBES) await client.query(setting);
    const { rows: snap } = await client.query<{ xmin: string; at: Date; rejections: boolean }>(
      `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, now() AS at,
              EXISTS (SELECT 1 FROM sync_rejections WHERE sync_id = $1 AND rejected_at > now() - interval '1 day') AS rejections`,
      [input.syncId],
    );
    await client.query("CREATE TEMP TABLE sync_changed (profile_id bigint PRIMARY KEY) ON COMMIT DROP");
    const found = await client.query(CHANGED_SQL, [
      input.syncId,
      pos.position,
      [input.segmentId, ...input.suppressionSegmentIds],
      pos.position_at,
      input.capDays,
      input.segmentId,
    ]);
    await client.query("ANALYZE sync_changed");
    const shape: PlanShape = { identifiers: input.identifiers, rejections: snap[0]!.rejections, only: "sync_changed", tiers: false };
    // Classified once: the diff, the new states and the counts all read this.
    await client.query(`CREATE TEMP TABLE sync_classified ON COMMIT DROP AS ${classifiedSql(shape)}`, params);
    const before = await client.query<StatusRow>(
      COUNTS_OF("sync_member_states", "WHERE sync_id = $1 AND profile_id IN (SELECT profile_id FROM sync_changed)"),
      [input.syncId],
    );
    const after = await client.query<StatusRow>(
      COUNTS_OF("(SELECT status, e IS NOT NULL AS e, p IS NOT NULL AS p, x IS NOT NULL AS x FROM sync_classified) c"),
    );
    const { rows: ops } = await client.query<{ op: string; n: number }>(
      `WITH ins AS (${planInsertSql(shape, CLASSIFIED)} RETURNING op) SELECT op, count(*)::int AS n FROM ins GROUP BY op`,
      [...params, runId, input.mode === "mirror", true],
    );
    await recordPlannedHoldouts(client, input, runId);
    await client.query("DELETE FROM sync_member_states WHERE sync_id = $1 AND profile_id IN (SELECT profile_id FROM sync_changed)", [
      input.syncId,
    ]);
    await client.query(
      `INSERT INTO sync_member_states (sync_id, profile_id, status, e, p, x)
       SELECT $1, profile_id, status, e IS NOT NULL, p IS NOT NULL, x IS NOT NULL FROM sync_classified`,
      [input.syncId],
    );
    const counts = adjustCounts(pos.counts ?? [], before.rows, after.rows);
    await saveCounts(client, input.syncId, counts, { full: false });
    // The run holds the sync's lock, so the size the previous run left is still true; counted
    // only when some other run (one killed mid-way, say) came after it.
    const delivered =
      pos.delivered ??
      (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM audience_members WHERE sync_id = $1", [input.syncId])).rows[0]!.n;
    await client.query("COMMIT");
    return {
      ...summarize(counts, ops, delivered),
      kind: "incremental",
      changed: found.rowCount ?? 0,
      position: { xmin: snap[0]!.xmin, at: snap[0]!.at, fingerprint },
    };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}

/** Counts as of the position, minus the changed people's old statuses, plus their new ones (pure). */
export function adjustCounts(base: StatusRow[], removed: StatusRow[], added: StatusRow[]): StatusRow[] {
  const by = new Map<string, StatusRow>();
  const apply = (rows: StatusRow[], sign: 1 | -1) => {
    for (const r of rows) {
      const c = by.get(r.status) ?? { status: r.status, n: 0, email: 0, phone: 0, external_id: 0 };
      by.set(r.status, {
        status: r.status,
        n: c.n + sign * r.n,
        email: c.email + sign * r.email,
        phone: c.phone + sign * r.phone,
        external_id: c.external_id + sign * r.external_id,
      });
    }
  };
  apply(base, 1);
  apply(removed, -1);
  apply(added, 1);
  return [...by.values()].filter((r) => r.n !== 0);
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
