import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { db, pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { controlBucketSql } from "@/lib/measurement/global-control-sql";
import { readWithMemory } from "@/lib/measurement/read-query";
import { liftAggregatesSql, syncLiftSql, TIER_GROUP_ASSIGNED_SQL, type LiftRow } from "@/lib/measurement/lift-sql";
import { LIFT_METHODS, liftStatistics, type GroupAggregates, type LiftStatistics } from "@/lib/measurement/lift-stats";

// Lift reports (issue 15 items 1-2): the aggregates per group come from Postgres (lift-sql.ts),
// the statistics from lift-stats.ts; the page and GET /api/v1/syncs/{id}/lift return this object.
// Lift is per sync, per tier group (its syncs together) and for the global control group.

export const liftOptions = z.strictObject({
  event: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^\u0000]*$/, "must not contain NUL")
    .default("order_completed")
    .describe("The conversion event's name."),
  property: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "letters, digits, _ . or - (up to 64)")
    .default("revenue")
    .describe("The event property holding revenue (numeric values only; others count as 0)."),
  windowDays: z.coerce.number().int().min(1).max(90).default(7).describe("Days after entry in which a conversion counts."),
});
export type LiftOptions = z.infer<typeof liftOptions>;

export type LiftGroup = GroupAggregates & { pending: number };

export type LiftReport = {
  options: LiftOptions;
  /** treated: got the audience; control: held out (or the global control group). */
  treated: LiftGroup;
  control: LiftGroup;
  /** People assigned to both (the holdout share changed): left out of both groups. */
  excluded: number;
  statistics: LiftStatistics;
  methods: string;
};

const empty: LiftGroup = { people: 0, pending: 0, converted: 0, repeated: 0, revenue: 0, revenueSquares: 0 };

function toGroup(r: LiftRow | undefined): LiftGroup {
  if (!r) return empty;
  return {
    people: r.people,
    pending: r.pending,
    converted: r.converted,
    repeated: r.repeated,
    revenue: Number(r.revenue),
    revenueSquares: Number(r.revenue_squares),
  };
}

type AggregatesSql = (p: Parameters<typeof syncLiftSql>[0]) => string;

/** `aggregates` builds the statement, given where its event, property and window parameters sit (after `params`). */
async function report(aggregates: AggregatesSql, params: unknown[], options: LiftOptions, mergeJoins = false): Promise<LiftReport> {
  const n = params.length;
  const sql = aggregates({ event: n + 1, property: n + 2, windowDays: n + 3 });
  const rows = await readWithMemory<LiftRow>(sql, [...params, options.event, options.property, options.windowDays], { mergeJoins });
  const by = (g: string) => rows.find((r) => r.grp === g);
  const treated = toGroup(by("treated"));
  const control = toGroup(by("control"));
  const both = by("both");
  return {
    options,
    treated,
    control,
    excluded: both ? both.people + both.pending : 0,
    statistics: liftStatistics(treated, control),
    methods: LIFT_METHODS,
  };
}

export type SyncLiftReport = LiftReport & { sync: { id: string; name: string; holdoutPercent: number } };

export async function syncLiftReport(actor: Actor, syncId: string, input: unknown = {}): Promise<SyncLiftReport> {
  requireRole(actor, "viewer");
  const options = parseOptions(input);
  const sync = await db().sync.findUnique({ where: { id: syncId }, select: { id: true, name: true, holdoutPercent: true } });
  if (!sync) throw new AppError("not_found", `No sync ${JSON.stringify(syncId)}.`);
  return { sync, ...(await report(syncLiftSql, [syncId], options, true)) };
}

export type TierGroupLiftReport = LiftReport & { group: { id: string; name: string; syncs: number } };

/** A tier group's lift: everyone any of its tiers delivered against everyone they held out. */
export async function tierGroupLiftReport(actor: Actor, groupId: string, input: unknown = {}): Promise<TierGroupLiftReport> {
  requireRole(actor, "viewer");
  const options = parseOptions(input);
  const group = await db().tierGroup.findUnique({
    where: { id: groupId },
    select: { id: true, name: true, _count: { select: { members: true } } },
  });
  if (!group) throw new AppError("not_found", `No tier group ${JSON.stringify(groupId)}.`);
  const base = await report((p) => liftAggregatesSql(TIER_GROUP_ASSIGNED_SQL, p), [groupId], options);
  return { group: { id: group.id, name: group.name, syncs: group._count.members }, ...base };
}

export type GlobalControlLiftReport = LiftReport & {
  period: { changeId: string; percent: number; from: Date; until: Date | null } | null;
};

/**
 * The global control group against everyone else, over one period of the setting (the current one
 * unless `changeId` names an earlier change): a person's assignment is the one valid in that period,
 * they enter at its start (or when they were first seen, if later), and only windows that end before
 * the period does count. "Everyone else" is everyone, whether or not any sync reached them.
 */
export async function globalControlLiftReport(actor: Actor, input: unknown = {}, changeId?: string): Promise<GlobalControlLiftReport> {
  requireRole(actor, "viewer");
  const options = parseOptions({ windowDays: 30, ...(input as object) });
  const { rows } = await pool().query<{ id: string; percent: number; salt: string; from: Date; until: Date | null }>(
    `SELECT id::text, percent, salt, changed_at AS from, lead(changed_at) OVER (ORDER BY id) AS until
     FROM global_control_changes ORDER BY id DESC`,
  );
  const period = changeId ? rows.find((r) => r.id === changeId) : rows.find((r) => r.percent > 0);
  if (changeId && !period) throw new AppError("not_found", `No control group change ${JSON.stringify(changeId)}.`);
  if (!period || period.percent === 0) {
    const base = await report(
      (p) => liftAggregatesSql("SELECT NULL::bigint AS profile_id, NULL::text AS grp, NULL::timestamp AS entered_at WHERE false", p),
      [],
      options,
    );
    return { ...base, period: period ? { changeId: period.id, percent: 0, from: period.from, until: period.until } : null };
  }
  // $1 salt, $2 percent, $3 period start, $4 period end (null: still in effect), $7 the window (report() appends it);
  // in a past period, people whose window ends after it (when the assignment changed) do not count.
  const assigned = `
    SELECT p.id AS profile_id,
           CASE WHEN ${controlBucketSql("$1::text", "p.id")} < $2::int * 100 THEN 'control' ELSE 'treated' END AS grp,
           greatest($3::timestamp, p.created_at) AS entered_at
    FROM profiles p
    WHERE $4::timestamp IS NULL OR greatest($3::timestamp, p.created_at) + make_interval(days => $7::int) <= $4::timestamp`;
  const base = await report((p) => liftAggregatesSql(assigned, p), [period.salt, period.percent, period.from, period.until], options);
  return { ...base, period: { changeId: period.id, percent: period.percent, from: period.from, until: period.until } };
}

function parseOptions(input: unknown): LiftOptions {
  const parsed = liftOptions.safeParse(input ?? {});
  if (!parsed.success)
    throw new AppError("validation_failed", parsed.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`).join("; "));
  return parsed.data;
}
