import type pg from "pg";
import { pool, transactionOn } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { fenceProfileDeletions } from "@/lib/segments/refresh/deletion-fence";
import { activityEvents, refreshStatement, type RefreshCounts } from "@/lib/segments/refresh/refresh-statement";
import { compileSegment, membersSql } from "@/lib/segments/sql/compile";
import { catchUpEventRollup } from "@/lib/segments/sql/rollup-catch-up";
import { tuneSession } from "@/lib/segments/sql/session";
import { parseDefinition } from "@/lib/segments/validate";
import { populationOnlySql } from "@/lib/people/population";
import { enqueueSyncsForSegment } from "@/lib/sync/trigger-run";

// Brings one segment's materialized membership up to date, in one transaction: lock the
// segment row (concurrent refreshes of the same segment queue up; a definition change
// waits for the refresh in flight), run the refresh statement, record size and timing on
// the segment, and write a MetricSnapshot for the size-history chart.
//
// Two statements do the work. First, who matches is computed into a temporary table
// (CREATE TABLE AS may run in parallel; a statement that writes never does), then one
// statement diffs it against the members and writes (refresh-statement.ts).
//
// Foreign-key checks: every new membership and transition row would otherwise run two or
// three per-row checks (an index probe and a row lock each), which measured as two thirds
// of a first refresh of 38,000 members. Where the role may (a superuser, or one granted
// SET on session_replication_role), the transaction turns them off as pg_restore does. What
// the checks would guarantee still holds: the segment row is locked, and people cannot be
// deleted while the refresh runs (deletion-fence.ts explains why none is lost or kept).
// The setting also skips any other trigger on segment_memberships, segment_transitions and
// segment_cap_exits: there are none, and one added later must not rely on firing during refresh.

export type RefreshTrigger = "schedule" | "manual" | "definition" | "bench" | "realtime";
export type RefreshResult = RefreshCounts & { segmentId: string; ms: number; trigger: RefreshTrigger };

export async function refreshSegment(
  segmentId: string,
  options: {
    trigger: RefreshTrigger;
    now?: number;
    db?: pg.Pool;
    /**
     * Re-evaluate these people only (lib/segments/realtime): their membership becomes exactly what a
     * full refresh would give them; everyone else is left as is. Such a refresh keeps the segment's
     * size true but not its "last refreshed" time, which says when everyone was last evaluated and
     * makes the scheduled full refresh (time-window exits, caps) come due.
     */
    only?: string[];
  },
): Promise<RefreshResult> {
  const db = options.db ?? pool();
  await catchUpEventRollup(db);
  const started = performance.now();
  // Checked out here, not by inTransaction: the failure is recorded after the rollback, before the client goes back.
  const client = await db.connect();
  let result: RefreshResult;
  try {
    result = await transactionOn(client, async () => {
      await tuneSession(client);
      const bulkChecks = await canSkipRowChecks(client);
      if (bulkChecks) await client.query("SET LOCAL session_replication_role = replica");
      const { rows } = await client.query<{ definition: unknown; archived: boolean }>(
        `SELECT definition, archived_at IS NOT NULL AS archived FROM segments WHERE id = $1 FOR UPDATE`,
        [segmentId],
      );
      if (!rows[0]) throw new AppError("not_found", `No segment ${segmentId}.`);
      const parsed = parseDefinition(rows[0].definition);
      if (!parsed.ok)
        throw new AppError(
          "bad_request",
          `The saved definition does not validate (${parsed.issues[0]!.path}: ${parsed.issues[0]!.message}); edit the segment to fix it.`,
        );
      const definition = parsed.definition;
      const now = options.now ?? Date.now();
      const only = options.only;
      const compiled = compileSegment(definition, { now, only });
      await fenceProfileDeletions(client);
      // Members are drawn from the people population: test profiles are never segment members.
      await client.query(`CREATE TEMP TABLE refresh_matched ON COMMIT DROP AS ${populationOnlySql(membersSql(compiled))}`, compiled.params);
      const statement = refreshStatement(
        { sql: "SELECT profile_id FROM refresh_matched", params: [] },
        { segmentId, capDays: definition.cap?.days ?? null, now, activity: activityEvents(definition), only },
      );
      const counts = (await client.query<Omit<RefreshCounts, "size"> & { before: number }>(statement.sql, statement.params)).rows[0]!;
      const size = counts.before - counts.exited - counts.capped + counts.entered;
      const ms = Math.round(performance.now() - started);
      if (only) await client.query(`UPDATE segments SET size = $2 WHERE id = $1`, [segmentId, size]);
      else
        await client.query(
          `UPDATE segments SET size = $2, last_refreshed_at = $3::timestamptz AT TIME ZONE 'UTC', last_refresh_ms = $4, last_refresh_error = NULL WHERE id = $1`,
          [segmentId, size, new Date(now).toISOString(), ms],
        );
      const figures = {
        matched: counts.matched,
        entered: counts.entered,
        exited: counts.exited,
        capped: counts.capped,
        blocked: counts.blocked,
        ms,
        trigger: options.trigger,
      };
      // The size chart is fed by full refreshes; a snapshot every few seconds would only bloat it.
      if (!only)
        await client.query(
          `INSERT INTO metric_snapshots (segment_id, taken_at, segment_size, figures) VALUES ($1, $2::timestamptz AT TIME ZONE 'UTC', $3, $4)`,
          [segmentId, new Date(now).toISOString(), size, figures],
        );
      const { before: _before, ...rest } = counts;
      return { ...rest, size, segmentId, ms, trigger: options.trigger };
    });
  } catch (e) {
    await recordFailure(db, segmentId, e);
    throw e;
  } finally {
    client.release();
  }
  // Audiences follow their segment now, not at their next interval (and a new purchaser
  // leaves every promo audience a suppression rule on this segment covers).
  if (result.entered + result.exited + result.capped > 0) {
    await enqueueSyncsForSegment(segmentId).catch((e) => logger.warn({ err: e, segmentId }, "could not queue syncs after refresh"));
  }
  return result;
}

async function canSkipRowChecks(client: pg.PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>(
    `SELECT current_setting('is_superuser') = 'on' OR has_parameter_privilege('session_replication_role', 'SET') AS ok`,
  );
  return rows[0]!.ok;
}

async function recordFailure(db: pg.Pool, segmentId: string, e: unknown) {
  if (e instanceof AppError && e.code === "not_found") return;
  logger.error({ err: e, segmentId }, "segment refresh failed");
  const message = e instanceof AppError ? e.message : "The refresh failed; the error is in the server log.";
  await db.query(`UPDATE segments SET last_refresh_error = $2 WHERE id = $1`, [segmentId, message]).catch(() => {});
}
