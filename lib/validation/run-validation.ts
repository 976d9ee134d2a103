import { db, pool } from "@/lib/db";
import { logger } from "@/lib/logger";
import { egressFetch } from "@/lib/egress/egress-fetch";
import { callRecorder } from "@/lib/destinations/call-recorder";
import { loadSync } from "@/lib/sync/load-sync";
import { DEFAULT_RETRY, type RetryPolicy } from "@/lib/sync/retry-policy";
import { ensureAudience } from "@/lib/sync/run-sync";
import { tryLockSync } from "@/lib/sync/run-lock";
import { buyerSuppression } from "@/lib/validation/buyer-suppression";
import { deliverTestProfiles, type Delivery, type DeliverInput } from "@/lib/validation/deliver-test-profiles";
import { loadTestItems, type TestItem } from "@/lib/validation/validation-items";
import { parseSteps, type Step, type StepName } from "@/lib/validation/validation-schemas";
import { verifyMembership, type VerifyContext } from "@/lib/validation/verify-membership";

// Runs (or resumes) one validation: add → verify present → buyer leaves (suppression) → remove →
// verify shrink. Each step's outcome is written to the run before the next starts, so a worker
// that dies mid-run leaves the finished steps recorded; the next attempt (the job retried, or
// the minute sweep in validation-job.ts) redoes only the step in progress. Every step is safe to
// redo: adds and removes are idempotent by person at every destination, and the buyer's order
// carries a fixed message id that ingest stores once.
//
// The sync's lock (lib/sync/run-lock.ts) is held throughout: a live run of the same sync never
// interleaves with a validation, and two workers never run the same validation at once.
// Remove and verify shrink always run, even after a failed step, so no test profile is left in
// a live audience.

export type ValidationOptions = { policy?: RetryPolicy; fetch?: typeof fetch; pollMs?: number; crashAfter?: StepName };
export type ValidationResult = { status: "busy" | "done" | "not_running"; state?: string };

export async function runValidation(runId: string, options: ValidationOptions = {}): Promise<ValidationResult> {
  const run = await db().validationRun.findUnique({ where: { id: runId } });
  if (!run || run.state !== "running") return { status: "not_running" };
  const lock = await tryLockSync(run.syncId);
  if (!lock) return { status: "busy" };
  const steps = parseSteps(run.steps);
  const save = (patch: { currentStep?: string | null; method?: string | null } = {}) =>
    db().validationRun.update({ where: { id: runId }, data: { steps: steps as object[], ...patch } });
  const calls = { flush: async () => {} } as ReturnType<typeof callRecorder>;
  try {
    if (!run.startedAt) await db().validationRun.update({ where: { id: runId }, data: { startedAt: new Date() } });
    const loaded = await loadSync(run.syncId);
    const recorder = callRecorder(loaded.sync.destinationId);
    calls.flush = recorder.flush;
    const policy = options.policy ?? DEFAULT_RETRY;
    const ctx = {
      settings: loaded.settings,
      credentials: loaded.credentials,
      fetch: options.fetch ?? egressFetch,
      observe: recorder.observe,
    };
    const audienceId = await ensureAudience(loaded, ctx, policy);
    const items: TestItem[] = await loadTestItems(pool(), run.profileIds.map(String), loaded.identifiers);
    const deliver: DeliverInput = { connector: loaded.connector, ctx, audienceId, batchSize: loaded.batchSize, policy, sessionId: runId };
    const verify: VerifyContext = {
      kind: loaded.sync.destination.kind,
      connector: loaded.connector,
      ctx,
      settings: loaded.settings,
      audienceId,
      pollMs: options.pollMs,
    };
    const step = (name: StepName) => steps.find((s) => s.name === name)!;
    const delivery = (name: StepName) => step(name).evidence.delivery as Delivery;
    const done = (s: Step) => s.state === "passed" || s.state === "failed" || s.state === "skipped";

    const perform = async (name: StepName, fn: () => Promise<Pick<Step, "state" | "method" | "summary" | "evidence">>) => {
      const s = step(name);
      if (done(s)) return;
      s.state = "running";
      s.attempts += 1;
      s.startedAt = new Date().toISOString();
      await save({ currentStep: name });
      const t0 = performance.now();
      // A step that throws (a destination unreachable mid-verify) fails on its own: the removal
      // still runs after it.
      const outcome = await fn().catch((e: unknown) => ({
        state: "failed" as const,
        method: null,
        summary: e instanceof Error ? e.message : String(e),
        evidence: {},
      }));
      Object.assign(s, outcome, { finishedAt: new Date().toISOString(), ms: Math.round(performance.now() - t0) });
      await save(outcome.method ? { method: outcome.method } : {});
      if (options.crashAfter === name) throw new Error(`simulated crash after ${name}`);
    };
    const skipped = (summary: string) => ({ state: "skipped" as const, method: null, summary, evidence: {} });

    await perform("add", async () => {
      const d = await deliverTestProfiles(deliver, "add", items);
      const refused = d.results.filter((r) => r.status !== "ok");
      return {
        state: d.error || refused.length ? "failed" : "passed",
        method: null,
        summary: d.error
          ? `The destination refused the upload: ${d.error}`
          : refused.length
            ? `Sent ${items.length}; the destination refused ${refused.map((r) => `${r.label} (${r.message ?? r.code ?? "refused"})`).join(", ")}.`
            : `Sent exactly the ${items.length} chosen test profile${items.length === 1 ? "" : "s"} to “${loaded.audienceName}”, with this sync's identifiers (${loaded.identifiers.join(", ")}), and nobody else.`,
        evidence: { delivery: d, audienceId, identifiers: loaded.identifiers },
      };
    });

    await perform("verify_present", async () => {
      if (step("add").state !== "passed") return skipped("Skipped: not every test profile was added.");
      const v = await verifyMembership(verify, "present", items, delivery("add"));
      return { state: v.passed ? "passed" : "failed", method: v.method, summary: v.summary, evidence: v.evidence };
    });

    await perform("suppression", async () => {
      if (step("verify_present").state !== "passed") return skipped("Skipped: the test profiles were not all verified present.");
      const [buyer, ...others] = items;
      return buyerSuppression(runId, run.syncId, buyer!, others, deliver, verify);
    });

    await perform("remove", async () => {
      const d = await deliverTestProfiles(deliver, "remove", items);
      const refused = d.results.filter((r) => r.status !== "ok");
      return {
        state: d.error || refused.length ? "failed" : "passed",
        method: null,
        summary: d.error
          ? `The destination refused the removal: ${d.error}`
          : refused.length
            ? `The destination refused to remove ${refused.map((r) => `${r.label} (${r.message ?? r.code ?? "refused"})`).join(", ")}.`
            : `Removed the same ${items.length} test profile${items.length === 1 ? "" : "s"}, and nobody else.`,
        evidence: { delivery: d },
      };
    });

    await perform("verify_shrink", async () => {
      const v = await verifyMembership(verify, "absent", items, delivery("remove"));
      return { state: v.passed ? "passed" : "failed", method: v.method, summary: v.summary, evidence: v.evidence };
    });

    const failed = steps.find((s) => s.state === "failed");
    const state = failed ? "failed" : "passed";
    await db().validationRun.update({
      where: { id: runId },
      data: {
        state,
        currentStep: null,
        finishedAt: new Date(),
        error: failed ? `${failed.name.replace("_", " ")}: ${failed.summary}` : null,
        method: step("verify_present").method ?? step("verify_shrink").method,
      },
    });
    return { status: "done", state };
  } catch (e) {
    if (options.crashAfter) throw e;
    const message = e instanceof Error ? e.message : String(e);
    logger.error({ err: e, runId }, "validation run failed");
    const current = steps.find((s) => s.state === "running");
    if (current) Object.assign(current, { state: "failed", summary: message, finishedAt: new Date().toISOString() });
    await db().validationRun.update({
      where: { id: runId },
      data: { state: "failed", error: message, finishedAt: new Date(), currentStep: null, steps: steps as object[] },
    });
    return { status: "done", state: "failed" };
  } finally {
    await calls.flush();
    await lock.release();
  }
}
