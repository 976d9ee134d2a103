import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { sha256Hex } from "@/lib/crypto";
import { sandboxClient } from "@/lib/sandbox/client";
import { createGoogleDataManagerEmulator } from "@/lib/sandbox/google-data-manager/emulator";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";
import { latestPlatformFigures } from "@/lib/sync/platform-figures";
import { NOT_CONFIRMED, parseReasons, recheckPendingRequests, refreshRunRequestFigures } from "@/lib/sync/recheck-requests";
import { requestStatusJob } from "@/lib/sync/request-status-job";
import { runSync } from "@/lib/sync/run-sync";
import {
  deliveredKeys,
  entriesAndHistory,
  makeDestination,
  makeSegment,
  makeSync,
  seedPeople,
  setMembers,
} from "@/lib/sync/testing/fixtures";

// A Data Manager request still PROCESSING when its run ends is asked about again later, and the
// run page (batch record, run status and counters) and the sync page (latest snapshot's platform
// figures) then say what Google finished with, against the emulator's delayed processing.

let server: EmulatorServer;
const { developerToken: _none, ...oauth } = SANDBOX_CREDENTIALS.google_ads;
/** Long enough that no request finishes by itself during a test, however slow the machine. */
const PROCESSING_SECONDS = 3600;
beforeAll(async () => {
  server = await startEmulatorServer(createGoogleDataManagerEmulator());
  await seedPeople(40);
});
afterAll(() => server.close());
beforeEach(() => sandboxClient(server.url).reset());

const settings = {
  customerId: "1234567890",
  dataManagerBaseUrl: "",
  oauthTokenUrl: "",
  // The run asks once and ends with Google still processing.
  requestStatusPollTimeoutMs: 0,
  requestStatusPollIntervalMs: 20,
  acceptCustomerMatchTerms: true,
  adUserDataConsent: "GRANTED",
  adPersonalizationConsent: "GRANTED",
};

let n = 0;
async function pendingRun(members: string, emulator: Record<string, unknown> = {}) {
  await sandboxClient(server.url).configure({ processingSeconds: PROCESSING_SECONDS, ...emulator });
  const id = `rr-${++n}`;
  await makeSegment(id, id, members);
  const dest = await makeDestination(
    "google_ads",
    { ...settings, dataManagerBaseUrl: `${server.url}/v1`, oauthTokenUrl: `${server.url}/oauth2/v4/token` },
    oauth,
    `google ${id}`,
  );
  const sync = await makeSync({ segmentId: id, destinationId: dest.id, identifiers: ["email"] });
  const result = await runSync(sync.id, { trigger: "manual" });
  if (!("runId" in result) || !result.runId) throw new Error("no run");
  return { syncId: sync.id, runId: result.runId, status: result.status };
}

const batchesOf = (runId: string) => db().syncRunBatch.findMany({ where: { runId }, orderBy: { seq: "asc" } });
const runOf = (runId: string) => db().syncRun.findUniqueOrThrow({ where: { id: runId } });
const platformOf = async (runId: string) => ((await runOf(runId)).stats as { platform?: Record<string, unknown> }).platform ?? {};
/** Google's processing time passes: the emulator finishes due requests the next time their status is read. */
const afterProcessing = () => pool().query("UPDATE sandbox.dm_requests SET finish_after = now() WHERE result IS NULL");

describe("Google request status after the run", () => {
  it("keeps asking while Google is processing, then shows SUCCESS on the run and sync pages", async () => {
    const { syncId, runId, status } = await pendingRun("p.id <= 20");
    expect(status).toBe("succeeded");
    expect((await batchesOf(runId))[0]!.response).toMatchObject({ request_status: "PROCESSING" });
    expect(await refreshRunRequestFigures(runId)).toEqual({ pending: true });
    expect(await latestPlatformFigures(syncId)).toMatchObject({ request_status: "PROCESSING" });

    // Asked straight away: Google is still working on it, and the pages still say so.
    expect(await recheckPendingRequests({ runId })).toMatchObject({ checked: 1, settled: 0, stillProcessing: 1 });
    expect((await batchesOf(runId))[0]!.response).toMatchObject({ request_status: "PROCESSING" });

    await afterProcessing();
    // The job as the worker runs it (queued a few minutes after the run).
    expect(await requestStatusJob.handler({ runId })).toMatchObject({ checked: 1, settled: 1, stillProcessing: 0 });
    const [batch] = await batchesOf(runId);
    expect(batch).toMatchObject({ status: "succeeded", response: { request_status: "SUCCESS", failed_records: 0 } });
    expect((batch!.response as { match_rate_range?: string }).match_rate_range).toMatch(/^MATCH_RATE_RANGE_/);
    expect(await platformOf(runId)).toMatchObject({ request_status: "SUCCESS", failed_records: 0 });
    expect(await latestPlatformFigures(syncId)).toMatchObject({ request_status: "SUCCESS", failed_records: 0 });
    expect(await runOf(runId)).toMatchObject({ status: "succeeded", added: 20, failed: 0 });
    // Settled once: nothing left to ask about.
    expect(await recheckPendingRequests({ runId })).toMatchObject({ checked: 0 });
  });

  it("a request Google later FAILED: the run says failed with Google's reason, and the next run sends those people again", async () => {
    const { syncId, runId } = await pendingRun("p.id <= 10");
    expect(await runOf(runId)).toMatchObject({ status: "succeeded", added: 10 });
    expect((await deliveredKeys(syncId)).size).toBe(10);
    // Google then fails every record of it (processing happens after the run).
    await sandboxClient(server.url).configure({ requestFailureReason: "PROCESSING_ERROR_REASON_DENIED_CONSENT" });
    await afterProcessing();
    expect(await recheckPendingRequests({ runId })).toMatchObject({ settled: 1 });

    const run = await runOf(runId);
    expect(run).toMatchObject({ status: "failed", added: 0, failed: 10 });
    expect(run.error).toContain("PROCESSING_ERROR_REASON_DENIED_CONSENT: 10");
    expect((await batchesOf(runId))[0]).toMatchObject({
      status: "failed",
      profileIds: [],
      response: { request_status: "FAILED", failed_records: 10, failed_reasons: "PROCESSING_ERROR_REASON_DENIED_CONSENT: 10" },
    });
    const errors = await db().syncRunItemError.findMany({ where: { runId } });
    expect(errors).toHaveLength(10);
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(["PROCESSING_ERROR_REASON_DENIED_CONSENT"]));
    expect(await latestPlatformFigures(syncId)).toMatchObject({ request_status: "FAILED", failed_records: 10 });
    expect((await deliveredKeys(syncId)).size).toBe(0);
    // Nobody entered the audience (the lift report's treated group): no first entry is left behind.
    expect(await entriesAndHistory(syncId)).toEqual({ entries: [], history: [], both: 0 });

    // Consent fixed on Google's side: the next run adds the same ten again.
    await sandboxClient(server.url).configure({ requestFailureReason: null, processingSeconds: 0 });
    const again = await runSync(syncId, { trigger: "manual" });
    expect(again.status).toBe("succeeded");
    expect(await runOf((again as { runId: string }).runId)).toMatchObject({ toAdd: 10, added: 10 });
    const entered = await entriesAndHistory(syncId);
    expect(entered.entries).toHaveLength(10);
    expect(entered.entries).toEqual(entered.history);
  });

  it("removals Google later FAILED: those people count as still in the audience, and the next run removes them again", async () => {
    const { syncId } = await pendingRun("p.id <= 10", { processingSeconds: 0 });
    expect((await deliveredKeys(syncId)).size).toBe(10);
    const segmentId = (await db().sync.findUniqueOrThrow({ where: { id: syncId } })).segmentId;
    await setMembers(segmentId, "p.id <= 4");
    await sandboxClient(server.url).configure({ processingSeconds: PROCESSING_SECONDS });
    const removal = (await runSync(syncId, { trigger: "manual" })) as { runId: string };
    expect(await runOf(removal.runId)).toMatchObject({ toRemove: 6, removed: 6 });
    expect((await deliveredKeys(syncId)).size).toBe(4);

    await sandboxClient(server.url).configure({ requestFailureReason: "PROCESSING_ERROR_REASON_INTERNAL_ERROR" });
    await afterProcessing();
    expect(await recheckPendingRequests({ runId: removal.runId })).toMatchObject({ settled: 1 });
    expect(await runOf(removal.runId)).toMatchObject({ status: "failed", removed: 0, failed: 6 });
    expect((await deliveredKeys(syncId)).size).toBe(10);
    // Back in the audience, with the first entry they had (the removal had kept it in sync_entries).
    const back = await entriesAndHistory(syncId);
    expect(back.entries).toHaveLength(10);
    expect(back).toEqual({ entries: back.history, history: back.history, both: 0 });

    await sandboxClient(server.url).configure({ requestFailureReason: null, processingSeconds: 0 });
    const again = (await runSync(syncId, { trigger: "manual" })) as { runId: string };
    expect(await runOf(again.runId)).toMatchObject({ status: "succeeded", toAdd: 0, toRemove: 6, removed: 6 });
    expect((await deliveredKeys(syncId)).size).toBe(4);
    expect(await entriesAndHistory(syncId)).toEqual({ entries: back.history, history: back.history, both: 0 });
  });

  it("a PARTIAL_SUCCESS makes the run partial with Google's per-reason counts", async () => {
    const rejected = [sha256Hex("person1@example.com"), sha256Hex("person2@example.com")];
    const { syncId, runId } = await pendingRun("p.id <= 8", { rejectHashes: rejected });
    await afterProcessing();
    expect(await recheckPendingRequests({ runId })).toMatchObject({ settled: 1 });
    expect((await batchesOf(runId))[0]).toMatchObject({
      status: "partial",
      response: { request_status: "PARTIAL_SUCCESS", failed_records: 2, failed_reasons: "PROCESSING_ERROR_REASON_INVALID_FORMAT: 2" },
    });
    expect(await runOf(runId)).toMatchObject({ status: "partial" });
    expect(await latestPlatformFigures(syncId)).toMatchObject({
      request_status: "PARTIAL_SUCCESS",
      failed_records: 2,
      failed_reasons: "PROCESSING_ERROR_REASON_INVALID_FORMAT: 2",
    });
  });

  it("stops asking about a request Google never finished, and says so instead of PROCESSING", async () => {
    const { syncId, runId } = await pendingRun("p.id <= 5", { processingSeconds: 86_400 });
    await pool().query(
      `UPDATE sync_run_batches SET started_at = now() - interval '4 days', finished_at = now() - interval '4 days' WHERE run_id = $1`,
      [runId],
    );
    expect(await recheckPendingRequests({ runId })).toMatchObject({ settled: 1 });
    const [batch] = await batchesOf(runId);
    expect(batch!.response).toMatchObject({ request_status: NOT_CONFIRMED });
    expect(await latestPlatformFigures(syncId)).toMatchObject({ request_status: NOT_CONFIRMED });
    expect(await runOf(runId)).toMatchObject({ status: "succeeded", added: 5 });
  });

  it("reads back the reason counts it writes", () => {
    expect(parseReasons("A: 3; B_C: 12")).toEqual({ A: 3, B_C: 12 });
    expect(parseReasons(undefined)).toEqual({});
  });
});
