import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "@/lib/auth/actor";
import type { DestinationKind } from "@/lib/connectors/contract";
import { closeWarehousePools } from "@/lib/connectors/warehouse/connector";
import { db, pool } from "@/lib/db";
import { sandboxClient, type SandboxClient } from "@/lib/sandbox/client";
import { createGoogleAdsEmulator } from "@/lib/sandbox/google-ads/emulator";
import { createMetaEmulator } from "@/lib/sandbox/meta/emulator";
import type { EmulatorHandler } from "@/lib/sandbox/request";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";
import { createTiktokEmulator } from "@/lib/sandbox/tiktok/emulator";
import { runSync } from "@/lib/sync/run-sync";
import { deliveredKeys, makeDestination, makeRule, makeSegment, makeSync, seedPeople, setMembers } from "@/lib/sync/testing/fixtures";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";
import { latestValidation } from "@/lib/validation/latest-validation";
import { runValidation } from "@/lib/validation/run-validation";
import { startValidation } from "@/lib/validation/start-validation";
import { parseSteps, type Step } from "@/lib/validation/validation-schemas";

// The test-cohort wizard end to end (issue 14, item 2) against every kind of destination: a
// validation sends exactly the chosen test profiles to the sync's real audience, verifies them by
// the strongest means the destination has (and says which), proves a buyer leaves through the
// purchase-suppression rule, removes them, verifies the shrink, and leaves every real member of
// the live audience untouched (the destination's full set compared before and after).

const SECRET = "validation-signing-secret-0123";
const FAST = { maxAttempts: 3, baseMs: 5, maxMs: 20, maxThrottleWaitMs: 5_000 };
const TEST_IDS = ["51", "52", "53", "54", "55"];
const editor: Actor = { type: "user", id: null as unknown as string, label: "Eve Editor", role: "editor" };
let rx: Receiver;
const servers: EmulatorServer[] = [];

beforeAll(async () => {
  rx = await startReceiver(SECRET);
  await seedPeople(60);
  await pool().query("UPDATE profiles SET is_test = true WHERE id = ANY($1::bigint[])", [`{${TEST_IDS.join(",")}}`]);
  await makeSegment("seg", "Cart abandoners", "p.id <= 40");
  // The purchase suppression, with a real definition: the buyer step evaluates it for the buyer.
  await db().segment.create({
    data: {
      id: "buyers",
      name: "Purchased in the last 7 days",
      definition: {
        version: 1,
        match: "all",
        conditions: [{ type: "event", event: "order_completed", performed: true, window: { type: "last", amount: 7, unit: "days" } }],
      },
    },
  });
  await setMembers("buyers", "p.id % 11 = 0");
  await makeRule("buyers", { name: "Recent buyers" });
});
afterAll(async () => {
  await rx.close();
  await Promise.all(servers.map((s) => s.close()));
  await closeWarehousePools();
});

type Target = {
  kind: DestinationKind;
  /** Destination settings and credentials, given the emulator's URL (if any). */
  setup: () => Promise<{ settings: Record<string, unknown>; credentials: Record<string, unknown>; sandbox?: SandboxClient }>;
  /** The destination's full membership, as it holds it: the members' keys. */
  held: (syncId: string, sandbox?: SandboxClient) => Promise<string[]>;
};

async function emulator(handler: EmulatorHandler) {
  const server = await startEmulatorServer(handler);
  servers.push(server);
  const sandbox = sandboxClient(server.url);
  await sandbox.reset();
  return { url: server.url, sandbox };
}

const emailToId = async () => {
  const { rows } = await pool().query<{ id: string; h: string }>("SELECT id::text, email_sha256 AS h FROM profiles");
  return new Map(rows.map((r) => [r.h, r.id]));
};
const emulatorHeld = async (syncId: string, sandbox?: SandboxClient) => {
  const sync = await db().sync.findUniqueOrThrow({ where: { id: syncId } });
  const byHash = await emailToId();
  return (await sandbox!.members(sync.remoteAudienceId!)).map((m) => byHash.get(m.email_hash ?? m.member_key) ?? m.member_key).sort();
};

const TARGETS: Target[] = [
  {
    kind: "webhook",
    setup: async () => ({ settings: { url: rx.url, batchSize: 20 }, credentials: { signingSecret: SECRET } }),
    held: async () => [...rx.members.keys()].sort(),
  },
  {
    kind: "warehouse",
    setup: async () => ({ settings: { schema: "wh_validation" }, credentials: { connectionString: process.env.DATABASE_URL! } }),
    held: async (syncId) => {
      const sync = await db().sync.findUniqueOrThrow({ where: { id: syncId } });
      const { rows } = await pool().query<{ k: string }>(
        "SELECT member_key AS k FROM wh_validation.audience_members WHERE audience_id = $1 ORDER BY member_key",
        [sync.remoteAudienceId],
      );
      return rows.map((r) => r.k).sort();
    },
  },
  {
    kind: "meta",
    setup: async () => {
      const { url, sandbox } = await emulator(createMetaEmulator());
      return { settings: { adAccountId: "act_1001", apiBaseUrl: `${url}/v24.0` }, credentials: SANDBOX_CREDENTIALS.meta, sandbox };
    },
    held: emulatorHeld,
  },
  {
    kind: "google_ads",
    setup: async () => {
      const { url, sandbox } = await emulator(createGoogleAdsEmulator());
      const settings = {
        api: "google_ads_api",
        customerId: "1234567890",
        apiBaseUrl: `${url}/v26`,
        oauthTokenUrl: `${url}/oauth2/v4/token`,
        jobPollIntervalMs: 20,
      };
      return { settings, credentials: SANDBOX_CREDENTIALS.google_ads, sandbox };
    },
    held: emulatorHeld,
  },
  {
    kind: "tiktok",
    setup: async () => {
      const { url, sandbox } = await emulator(createTiktokEmulator());
      return {
        settings: { advertiserId: "7000000001", apiBaseUrl: `${url}/open_api/v1.3` },
        credentials: SANDBOX_CREDENTIALS.tiktok,
        sandbox,
      };
    },
    held: emulatorHeld,
  },
];

const stepOf = (steps: Step[], name: Step["name"]) => steps.find((s) => s.name === name)!;

async function liveSync(t: Target) {
  const { settings, credentials, sandbox } = await t.setup();
  const dest = await makeDestination(t.kind, settings, credentials, `${t.kind} validation`);
  const sync = await makeSync({ segmentId: "seg", destinationId: dest.id, identifiers: ["email"], name: `Promo ${t.kind}` });
  const first = await runSync(sync.id, { trigger: "manual" }, { policy: FAST });
  expect(first.status).toBe("succeeded");
  return { sync, sandbox };
}

describe.each(TARGETS)("a validation against the $kind destination", (t) => {
  it("adds exactly the test profiles, verifies them, proves the buyer leaves, removes them and verifies the shrink; real members untouched", async () => {
    const { sync, sandbox } = await liveSync(t);
    const before = await t.held(sync.id, sandbox);
    const deliveredBefore = [...(await deliveredKeys(sync.id))].sort();
    expect(before.length).toBe(deliveredBefore.length);
    expect(await latestValidation(sync.id)).toBeNull();

    const started = await startValidation(editor, { syncId: sync.id, profileIds: TEST_IDS });
    expect(started.profiles).toBe(5);
    // Between add and remove the destination holds the live audience plus exactly the test profiles.
    const result = await runValidation(started.id, { policy: FAST, pollMs: 20 });
    expect(result).toEqual({ status: "done", state: "passed" });

    const run = await db().validationRun.findUniqueOrThrow({ where: { id: started.id } });
    const steps = parseSteps(run.steps);
    expect(steps.map((s) => [s.name, s.state])).toEqual([
      ["add", "passed"],
      ["verify_present", "passed"],
      ["suppression", "passed"],
      ["remove", "passed"],
      ["verify_shrink", "passed"],
    ]);
    const sent = (stepOf(steps, "add").evidence.delivery as { results: { profileId: string }[] }).results.map((r) => r.profileId);
    expect(sent.sort()).toEqual(TEST_IDS);
    expect(stepOf(steps, "verify_present").method).toBe("read_back");
    expect(stepOf(steps, "verify_present").summary).toMatch(
      /^(All 5 test profiles found in|The receiver acknowledged each of the 5 test profiles)/,
    );
    expect(stepOf(steps, "suppression").summary).toMatch(/person51@example\.com completed an order, met “Recent buyers”/);
    expect(stepOf(steps, "suppression").evidence.coveredSyncs).toContainEqual({ id: sync.id, name: sync.name });
    expect(stepOf(steps, "verify_shrink").summary).toMatch(
      /^(None of the 5 test profiles is left in|The receiver acknowledged the removal of each of the 5)/,
    );

    // The live audience's other members: the same before and after, at the destination and in our bookkeeping.
    expect(await t.held(sync.id, sandbox)).toEqual(before);
    expect([...(await deliveredKeys(sync.id))].sort()).toEqual(deliveredBefore);
    const latest = await latestValidation(sync.id);
    expect(latest).toMatchObject({ id: started.id, state: "passed", method: "read_back" });
    expect(latest!.finishedAt).toBeInstanceOf(Date);
  });
});

describe("what a validation catches and refuses", () => {
  it("fails verify present naming the one test profile the platform silently dropped, and still removes the rest", async () => {
    const { sync, sandbox } = await liveSync(TARGETS.find((x) => x.kind === "meta")!);
    const before = await emulatorHeld(sync.id, sandbox);
    const { rows } = await pool().query<{ h: string }>("SELECT email_sha256 AS h FROM profiles WHERE id = 53");
    await sandbox!.configure({ dropHashes: [rows[0]!.h] });
    const started = await startValidation(editor, { syncId: sync.id, profileIds: TEST_IDS });
    expect(await runValidation(started.id, { policy: FAST })).toEqual({ status: "done", state: "failed" });
    const run = await db().validationRun.findUniqueOrThrow({ where: { id: started.id } });
    const steps = parseSteps(run.steps);
    expect(stepOf(steps, "add").state).toBe("passed"); // Meta answered as if it had them all
    expect(stepOf(steps, "verify_present")).toMatchObject({ state: "failed", method: "read_back" });
    expect(stepOf(steps, "verify_present").summary).toBe(
      "Not found in the audience as the platform emulator holds it (read back): person53@example.com (profile 53).",
    );
    expect(stepOf(steps, "remove").state).toBe("passed");
    expect(run.error).toMatch(/verify present: Not found .* person53@example\.com/);
    expect(await emulatorHeld(sync.id, sandbox)).toEqual(before);
    await sandbox!.reset({ state: false });
  });

  it("says plainly when a platform can only confirm acceptance: the upload receipt, where nothing can be read back", async () => {
    const { sync } = await liveSync(TARGETS.find((x) => x.kind === "meta")!);
    // A real platform has no read-back route: the emulator's answers it, so refuse it here.
    const noReadBack: typeof fetch = async (input, init) =>
      String(input instanceof Request ? input.url : input).includes("/_sandbox/")
        ? new Response("{}", { status: 404 })
        : fetch(input, init);
    const started = await startValidation(editor, { syncId: sync.id, profileIds: TEST_IDS });
    expect(await runValidation(started.id, { policy: FAST, fetch: noReadBack })).toEqual({ status: "done", state: "passed" });
    const steps = parseSteps((await db().validationRun.findUniqueOrThrow({ where: { id: started.id } })).steps);
    const present = stepOf(steps, "verify_present");
    expect(present.method).toBe("upload_receipt");
    expect(present.summary).toBe(
      "Meta Custom Audiences accepted all 5 test profiles (its upload receipt: received 5, invalid 0). " +
        "Meta Custom Audiences does not let anyone list an audience's members, so this proves it accepted them, not that each one is in the audience.",
    );
    expect(present.evidence.receipt).toMatchObject({ num_received: 5, num_invalid_entries: 0 });
    expect(await latestValidation(sync.id)).toMatchObject({ state: "passed", method: "upload_receipt" });
  });

  it("refuses fewer than 1 or more than 50 profiles, real people and a paused sync, with the reason, and sends nothing", async () => {
    const { sync } = await liveSync(TARGETS[0]!);
    const requests = rx.count;
    const refusal = (input: { syncId: string; profileIds: string[] }) =>
      startValidation(editor, input).then(
        () => "started",
        (e: Error) => e.message,
      );
    expect(await refusal({ syncId: sync.id, profileIds: [] })).toMatch(/at least 1 test profile/);
    expect(await refusal({ syncId: sync.id, profileIds: Array.from({ length: 51 }, (_, i) => String(i + 1)) })).toMatch(
      /at most 50 test profiles/,
    );
    expect(await refusal({ syncId: sync.id, profileIds: ["51", "7"] })).toBe(
      "Only test profiles can be used: person7@example.com is a real person. Mark them as test profiles first, or choose others. Nothing was sent.",
    );
    await pool().query("UPDATE profiles SET email = NULL, email_sha256 = NULL WHERE id = 56");
    await pool().query("UPDATE profiles SET is_test = true WHERE id = 56");
    expect(await refusal({ syncId: sync.id, profileIds: ["51", "56"] })).toBe(
      "crm-56 has none of the identifiers this sync sends (email). Choose others. Nothing was sent.",
    );
    await db().sync.update({ where: { id: sync.id }, data: { state: "paused", pausedReason: "Paused by Ann" } });
    expect(await refusal({ syncId: sync.id, profileIds: ["51"] })).toMatch(
      /is paused \(Paused by Ann\): resume it before validating, nothing was sent/,
    );
    const viewer: Actor = { ...editor, role: "viewer" };
    await expect(startValidation(viewer, { syncId: sync.id, profileIds: ["51"] })).rejects.toThrow(/editor role/);
    expect(await db().validationRun.count({ where: { syncId: sync.id } })).toBe(0);
    expect(rx.count).toBe(requests);
  });

  it("resumes after a worker stops mid-run, without redoing the finished steps", async () => {
    const { sync } = await liveSync(TARGETS[0]!);
    const started = await startValidation(editor, { syncId: sync.id, profileIds: TEST_IDS });
    const addsOfTestProfiles = () =>
      rx.requests.filter((r) => r.event === "audience.members.added" && r.members.some((m) => TEST_IDS.includes(m.key))).length;
    const addsBefore = addsOfTestProfiles();
    await expect(runValidation(started.id, { policy: FAST, crashAfter: "verify_present" })).rejects.toThrow(/simulated crash/);
    const halfway = await db().validationRun.findUniqueOrThrow({ where: { id: started.id } });
    expect(halfway.state).toBe("running");
    expect(parseSteps(halfway.steps).map((s) => s.state)).toEqual(["passed", "passed", "pending", "pending", "pending"]);

    expect(await runValidation(started.id, { policy: FAST })).toEqual({ status: "done", state: "passed" });
    const steps = parseSteps((await db().validationRun.findUniqueOrThrow({ where: { id: started.id } })).steps);
    expect(steps.map((s) => s.attempts)).toEqual([1, 1, 1, 1, 1]);
    expect(addsOfTestProfiles() - addsBefore).toBe(1); // the add went out once
    expect([...rx.members.keys()].filter((k) => TEST_IDS.includes(k))).toEqual([]);
    // A finished run is not run again.
    expect(await runValidation(started.id)).toEqual({ status: "not_running" });
  });
});

void systemActor;
