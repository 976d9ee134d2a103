import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runSync } from "@/lib/sync/run-sync";
import { deliveredKeys, makeDestination, makeRule, makeSegment, makeSync, seedPeople, setMembers } from "@/lib/sync/testing/fixtures";
import { desiredOracle, sorted } from "@/lib/sync/testing/oracle";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";

// Acceptance: kill -9 the worker mid-run, start again, and the destination converges with
// nothing lost: the engine commits delivered state per batch, in the batch's transaction.

const SECRET = "crash-test-secret-0123456789";
let rx: Receiver;

beforeAll(async () => {
  rx = await startReceiver(SECRET);
  await seedPeople(3_000, { noEmailEvery: 13 });
  await makeSegment("seg", "Browsed, did not buy", "p.id <= 2400");
  await makeSegment("buyers", "Purchased", "p.id % 17 = 0");
  await makeRule("buyers");
});
afterAll(() => rx.close());

/** Starts a worker process on the sync and SIGKILLs it once the receiver has seen `afterRequests` batches. */
async function killMidRun(syncId: string, afterRequests: number) {
  rx.count = 0;
  const child = spawn(process.execPath, ["--import", "tsx", "lib/sync/testing/run-child.ts"], {
    env: { ...process.env, SYNC_ID: syncId },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  rx.fault = (r) => {
    if (r.n >= afterRequests && child.exitCode === null) child.kill("SIGKILL");
    return { hangMs: 40, apply: true }; // slow enough that the kill lands mid-run
  };
  const code = await exited;
  rx.fault = null;
  if (code === 0) throw new Error(`the worker finished before it could be killed: ${output}`);
}

/** The lock is released when Postgres notices the dead connection; give it a moment. */
async function runWhenFree(syncId: string) {
  for (let i = 0; i < 50; i++) {
    const result = await runSync(
      syncId,
      { trigger: "retry" },
      { policy: { maxAttempts: 3, baseMs: 5, maxMs: 20, maxThrottleWaitMs: 5_000 } },
    );
    if (result.status !== "busy") return result;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("sync stayed locked");
}

describe("a worker killed mid-run", () => {
  it("loses nothing: the next run resumes from the committed batches and converges exactly", async () => {
    const dest = await makeDestination("webhook", { url: rx.url, batchSize: 50 }, { signingSecret: SECRET });
    const sync = await makeSync({ segmentId: "seg", destinationId: dest.id, identifiers: ["email", "phone"], holdoutPercent: 10 });
    const { desired, suppressed } = await desiredOracle(sync.id);

    for (const at of [3, 9]) {
      await killMidRun(sync.id, at);
      const partial = await deliveredKeys(sync.id);
      expect(partial.size).toBeLessThan(desired.size);
      // What we recorded as delivered, the receiver really has: never the other way round.
      expect([...partial].filter((k) => !rx.members.has(k))).toEqual([]);
    }
    const orphan = await db().syncRun.findFirstOrThrow({ where: { syncId: sync.id, status: "running" } });

    const result = await runWhenFree(sync.id);
    expect(result.status).toBe("succeeded");
    expect(sorted(await deliveredKeys(sync.id))).toEqual(sorted(desired));
    expect(sorted(rx.members.keys())).toEqual(sorted(desired));
    expect([...rx.everAdded].filter((k) => suppressed.has(k))).toEqual([]);
    const cleaned = await db().syncRun.findUniqueOrThrow({ where: { id: orphan.id } });
    expect(cleaned.status).toBe("failed");
    expect(cleaned.error).toMatch(/worker stopped mid-run/);
    expect(await db().syncPlanItem.count()).toBe(0);
  });

  it("also converges when the segment changed between the crash and the restart", async () => {
    const dest = await makeDestination("webhook", { url: rx.url, batchSize: 50 }, { signingSecret: SECRET }, "second hook");
    rx.members.clear();
    const sync = await makeSync({ segmentId: "seg", destinationId: dest.id, identifiers: ["email"] });
    await killMidRun(sync.id, 6);
    await setMembers("seg", "p.id BETWEEN 100 AND 2600");
    await runWhenFree(sync.id);
    const { desired } = await desiredOracle(sync.id);
    expect(sorted(await deliveredKeys(sync.id))).toEqual(sorted(desired));
    expect(sorted(rx.members.keys())).toEqual(sorted(desired));
  });
});
