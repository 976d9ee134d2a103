import { pool } from "@/lib/db";
import { suppressionSegmentIds } from "@/lib/suppression/rules-in-scope";
import { loadSync } from "@/lib/sync/load-sync";
import { classifiedSql, type PlanStatus } from "@/lib/sync/plan-sql";
import { clearPlan, planSync, type PlanCounts } from "@/lib/sync/plan-sync";
import { planWarnings } from "@/lib/sync/plan-warnings";
import { matchExpectation, type MatchExpectation } from "@/lib/sync/safety-rails";
import { lastReportedMatchRate } from "@/lib/sync/snapshot";
import { createRunningRun, finishRun, recordPlan, type Trigger } from "@/lib/sync/run-records";
import { validateWithPlatform } from "@/lib/sync/validate-with-platform";
import type { MemberValidation } from "@/lib/connectors/contract";

// A dry run: the same SQL plan as a real run, with counts and a few sample people per outcome,
// and nothing sent. Recorded as a run (dry_run = true) so the history shows who previewed what.

export type SamplePerson = { key: string; externalId: string | null; email: string | null };
export type DryRun = {
  runId: string;
  plan: PlanCounts;
  warnings: string[];
  matchExpectation: MatchExpectation | null;
  samples: Record<"add" | "remove" | Exclude<PlanStatus, "desired" | "control_group">, SamplePerson[]>;
  /** The platform's validate-only answer for the first planned adds, where it has that mode (Google Data Manager API). */
  platformCheck: MemberValidation | null;
};

const SAMPLE = 5;

export async function dryRunSync(syncId: string, trigger: Trigger): Promise<DryRun> {
  const loaded = await loadSync(syncId);
  const runId = await createRunningRun(syncId, trigger, true);
  const client = await pool().connect();
  try {
    const input = {
      syncId,
      segmentId: loaded.sync.segmentId,
      identifiers: loaded.identifiers,
      capDays: loaded.capDays,
      holdoutPercent: loaded.sync.holdoutPercent,
      mode: loaded.sync.mode,
      suppressionSegmentIds: await suppressionSegmentIds(client, syncId),
    };
    const plan = await planSync(client, input, runId, { recordHoldouts: false, allowCursor: false });
    const params = [syncId, input.segmentId, input.suppressionSegmentIds, input.capDays, input.holdoutPercent];
    const excluded = async (status: PlanStatus, count: number) => {
      if (!count) return [];
      const { rows } = await client.query<{ id: string }>(
        `SELECT profile_id::text AS id FROM (${classifiedSql({ identifiers: input.identifiers, rejections: true })}) c WHERE status = $6 LIMIT ${SAMPLE}`,
        [...params, status],
      );
      return people(rows.map((r) => r.id));
    };
    const planned = async (op: "add" | "remove") => {
      const { rows } = await client.query<{ id: string }>(
        `SELECT profile_id::text AS id FROM sync_plan_items WHERE run_id = $1 AND op = $2 ORDER BY profile_id LIMIT ${SAMPLE}`,
        [runId, op],
      );
      return people(rows.map((r) => r.id));
    };
    const samples = {
      add: await planned("add"),
      remove: await planned("remove"),
      suppressed: await excluded("suppressed", plan.suppressed),
      capped: await excluded("capped", plan.capped),
      missing: await excluded("missing", plan.missingIdentifier),
      held_out: await excluded("held_out", plan.heldOut),
      rejected: await excluded("rejected", plan.rejected),
      test_profile: await excluded("test_profile", plan.testProfiles),
      higher_tier: await excluded("higher_tier", plan.tiered ?? 0),
      other_tier: await excluded("other_tier", plan.tiered ?? 0),
    };
    const warnings = planWarnings(loaded.connector, plan, await lastReportedMatchRate(syncId));
    const platformCheck = await validateWithPlatform(loaded, client, runId);
    if (platformCheck && !platformCheck.ok) {
      warnings.push(
        `${loaded.connector.label} refused a validate-only upload of the planned adds: ${platformCheck.message}${platformCheck.hint ? ` ${platformCheck.hint}` : ""}`,
      );
    }
    const expectation = matchExpectation(plan, loaded.identifiers);
    await recordPlan(runId, plan, {
      samples,
      warnings,
      match_expectation: expectation,
      ...(platformCheck ? { platform_check: platformCheck } : {}),
    });
    await finishRun(runId, { status: "succeeded" });
    return { runId, plan, warnings, matchExpectation: expectation, samples, platformCheck };
  } catch (e) {
    await finishRun(runId, { status: "failed", error: e instanceof Error ? e.message : String(e) });
    throw e;
  } finally {
    await clearPlan(client, [runId]).catch(() => {});
    client.release();
  }
}

async function people(ids: string[]): Promise<SamplePerson[]> {
  if (!ids.length) return [];
  const { rows } = await pool().query<{ key: string; external_id: string | null; email: string | null }>(
    "SELECT id::text AS key, external_id, email FROM profiles WHERE id = ANY($1::bigint[]) ORDER BY id",
    [ids],
  );
  return rows.map((r) => ({ key: r.key, externalId: r.external_id, email: r.email }));
}
