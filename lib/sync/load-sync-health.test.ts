import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getSync } from "@/lib/sync/get-sync";
import { listSyncs } from "@/lib/sync/list-syncs";
import { runSync } from "@/lib/sync/run-sync";
import { makeDestination, makeSegment, makeSync, seedPeople } from "@/lib/sync/testing/fixtures";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";

// The health model on real runs (issue 9, items 5 and 8): a run that delivered nothing is
// Failed with its cause, a plan warning makes the sync "Needs a look", and the list and the
// sync page show the same health because they read the same function.

const SECRET = "test-signing-secret-0123456789";
const FAST = { maxAttempts: 2, baseMs: 5, maxMs: 10, maxThrottleWaitMs: 1_000 };
let rx: Receiver;

beforeAll(async () => {
  rx = await startReceiver(SECRET);
  await seedPeople(60, { noEmailEvery: 2 }); // every other person has no email
  await makeSegment("seg_mostly_no_email", "Mostly without an email", "p.email IS NULL OR p.id <= 10");
  await makeSegment("seg_emails", "With an email", "p.email IS NOT NULL");
});
afterAll(() => rx.close());

async function sync(segmentId: string, batchSize = 100) {
  const dest = await makeDestination("webhook", { url: rx.url, batchSize }, { signingSecret: SECRET });
  return makeSync({ segmentId, destinationId: dest.id, identifiers: ["email"] });
}
const healthOnList = async (id: string) => (await listSyncs()).find((s) => s.id === id)!.health;

describe("sync health on real runs", () => {
  it("calls a run that delivered nothing Failed, with the cause on the sync, the same on the list and the page", async () => {
    const s = await sync("seg_emails");
    rx.fault = () => ({ status: 503 });
    const result = await runSync(s.id, { trigger: "manual" }, { policy: FAST });
    rx.fault = null;
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: (result as { runId: string }).runId } });
    expect([run.status, run.added, run.failed]).toEqual(["failed", 0, 30]);
    expect(run.error).toMatch(/^Nothing was delivered: 30 changes failed after every retry\./);

    const page = (await getSync(s.id)).health;
    expect(page).toMatchObject({ state: "failing", label: "Failing", runId: run.id });
    expect(page.cause).toBe(run.error);
    expect(await healthOnList(s.id)).toEqual(page);

    // The next run delivers: healthy everywhere, at once.
    await runSync(s.id, { trigger: "manual" }, { policy: FAST });
    expect((await getSync(s.id)).health.state).toBe("healthy");
    expect((await healthOnList(s.id)).state).toBe("healthy");
  });

  it("says Needs a look on the list and the page when the run's plan warned", async () => {
    const s = await sync("seg_mostly_no_email");
    const result = await runSync(s.id, { trigger: "manual" }, { policy: FAST });
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: (result as { runId: string }).runId } });
    expect(run.status).toBe("succeeded");
    const warning = (run.stats as { warnings: string[] }).warnings[0];
    expect(warning).toMatch(/86% of the segment has none of the identifiers/);
    const page = (await getSync(s.id)).health;
    expect(page).toMatchObject({ state: "warning", label: "Needs a look", cause: warning });
    expect(await healthOnList(s.id)).toEqual(page);
  });
});
