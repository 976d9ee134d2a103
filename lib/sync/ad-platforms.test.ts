import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { createGoogleAdsEmulator } from "@/lib/sandbox/google-ads/emulator";
import { createMetaEmulator } from "@/lib/sandbox/meta/emulator";
import { REMOVAL_REFUSED } from "@/lib/connectors/contract";
import { sandboxClient, type SandboxClient } from "@/lib/sandbox/client";
import type { EmulatorHandler } from "@/lib/sandbox/request";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";
import { createTiktokEmulator } from "@/lib/sandbox/tiktok/emulator";
import type { DestinationKind } from "@/lib/connectors/contract";
import { runSync } from "@/lib/sync/run-sync";
import { deliveredKeys, makeDestination, makeRule, makeSegment, makeSync, seedPeople, setMembers } from "@/lib/sync/testing/fixtures";
import { desiredOracle, sorted } from "@/lib/sync/testing/oracle";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";

// The engine's fault scenarios (lib/sync/faults.test.ts) against each ad platform's emulator,
// over real HTTP: throttling with Retry-After, server errors, per-item refusals, auth errors.
// After each, what the "platform" holds (its read-back endpoint) equals the desired set, and no
// suppressed person's hash ever appeared in an add request.

const FAST = { maxAttempts: 5, baseMs: 5, maxMs: 40, maxThrottleWaitMs: 30_000 };
const CID = "1234567890";

type Platform = {
  kind: DestinationKind;
  emulator: () => EmulatorHandler;
  settings: (url: string) => Record<string, unknown>;
  credentials: Record<string, unknown>;
  /** Emulator route carrying adds (fault targeting) and a predicate for add requests. */
  addRoute: string;
  isAdd: (method: string, url: string, body: string) => boolean;
  /** Meta's usage header says minutes (rounded up), so its throttle says 0 to keep the test quick. */
  throttle: Record<string, unknown>;
  serverError: Record<string, unknown>;
  /** Config that makes the platform refuse our credentials mid-sync. */
  breakAuth: Record<string, unknown>;
};

const PLATFORMS: Platform[] = [
  {
    kind: "meta",
    emulator: createMetaEmulator,
    settings: (url) => ({ adAccountId: "act_1001", apiBaseUrl: `${url}/v24.0` }),
    credentials: SANDBOX_CREDENTIALS.meta,
    addRoute: "addUsers",
    isAdd: (method, url) => method === "POST" && url.endsWith("/users"),
    throttle: { code: 80003, retryAfterSeconds: 0 },
    serverError: { code: 2, status: 500 },
    breakAuth: { expiredTokens: [SANDBOX_CREDENTIALS.meta.accessToken] },
  },
  {
    kind: "google_ads",
    emulator: createGoogleAdsEmulator,
    settings: (url) => ({
      api: "google_ads_api",
      customerId: CID,
      apiBaseUrl: `${url}/v26`,
      oauthTokenUrl: `${url}/oauth2/v4/token`,
      jobPollIntervalMs: 20,
    }),
    credentials: SANDBOX_CREDENTIALS.google_ads,
    addRoute: "createJob",
    isAdd: (_m, url, body) => url.includes(":addOperations") && body.includes('"create"'),
    throttle: { retryAfterSeconds: 1 },
    serverError: { code: "UNAVAILABLE" },
    breakAuth: { termsNotAcceptedCustomers: [CID] },
  },
  {
    kind: "tiktok",
    emulator: createTiktokEmulator,
    settings: (url) => ({ advertiserId: "7000000001", apiBaseUrl: `${url}/open_api/v1.3` }),
    credentials: SANDBOX_CREDENTIALS.tiktok,
    addRoute: "mapping",
    isAdd: (_m, url, body) => url.includes("/segment/mapping") && /"action"\s*:\s*"add"/.test(body),
    throttle: { retryAfterSeconds: 1 },
    serverError: { code: 51001, status: 500 },
    breakAuth: { revokedTokens: [SANDBOX_CREDENTIALS.tiktok.accessToken] },
  },
];

const emailHashOf = new Map<string, string>(); // email sha256 → profile id
let suppressedHashes: Set<string>;

beforeAll(async () => {
  await seedPeople(600, { noEmailEvery: 9 });
  await makeSegment("seg", "Cart abandoners", "p.id <= 450");
  await makeSegment("buyers", "Purchased in the last 7 days", "p.id % 11 = 0");
  await makeRule("buyers");
  const { rows } = await pool().query<{ id: string; h: string }>(
    "SELECT id::text, email_sha256 AS h FROM profiles WHERE email_sha256 IS NOT NULL",
  );
  for (const r of rows) emailHashOf.set(r.h, r.id);
  suppressedHashes = new Set(rows.filter((r) => Number(r.id) % 11 === 0).map((r) => r.h));
});

describe.each(PLATFORMS)("engine against the $kind emulator", (p) => {
  let server: EmulatorServer;
  let sandbox: SandboxClient;
  let destinationId: string;
  const adds: string[] = [];
  // Every request the connector makes, so we can prove no suppressed hash was ever in an add.
  const recording: typeof fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const body = typeof init?.body === "string" ? init.body : "";
    if (p.isAdd(init?.method ?? "GET", url, body)) adds.push(body);
    return fetch(input, init);
  };

  beforeAll(async () => {
    server = await startEmulatorServer(p.emulator());
    sandbox = sandboxClient(server.url);
    await sandbox.reset();
    destinationId = (await makeDestination(p.kind, p.settings(server.url), p.credentials, `${p.kind} faults`)).id;
  });
  afterAll(() => server.close());
  beforeEach(() => sandbox.reset({ state: false })); // no faults left over from a failed test

  const newSync = () => makeSync({ segmentId: "seg", destinationId, identifiers: ["email"], holdoutPercent: 5 });

  async function runOnce(syncId: string) {
    const result = await runSync(syncId, { trigger: "manual" }, { policy: FAST, fetch: recording });
    if (!("runId" in result)) throw new Error(`run did not start: ${result.status}`);
    return db().syncRun.findUniqueOrThrow({ where: { id: result.runId } });
  }

  async function expectConverged(syncId: string) {
    const { desired, suppressed } = await desiredOracle(syncId);
    const sync = await db().sync.findUniqueOrThrow({ where: { id: syncId } });
    const held = await sandbox.members(sync.remoteAudienceId!);
    const onPlatform = held.map((m) => emailHashOf.get(m.email_hash ?? "") ?? `unknown:${m.email_hash}`);
    expect(sorted(await deliveredKeys(syncId))).toEqual(sorted(desired));
    expect(sorted(onPlatform)).toEqual(sorted(desired));
    expect(onPlatform.filter((k) => suppressed.has(k))).toEqual([]);
    expect(adds.filter((body) => [...suppressedHashes].some((h) => body.includes(h)))).toEqual([]);
  }

  it("waits out throttling with Retry-After without counting it as failure", async () => {
    const sync = await newSync();
    await sandbox.configure({ faults: [{ routes: [p.addRoute], times: 2, ...p.throttle }] });
    const run = await runOnce(sync.id);
    expect([run.status, run.failed]).toEqual(["succeeded", 0]);
    expect((run.stats as { throttled: number }).throttled).toBe(2);
    await expectConverged(sync.id);
  });

  it("retries server errors, then converges after the segment churns", async () => {
    const sync = await newSync();
    await sandbox.configure({ faults: [{ routes: [p.addRoute], times: 2, ...p.serverError }] });
    const run = await runOnce(sync.id);
    expect([run.status, run.failed]).toEqual(["succeeded", 0]);
    expect((run.stats as { retries: number }).retries).toBeGreaterThanOrEqual(2);
    await expectConverged(sync.id);
    await setMembers("seg", "p.id > 30 AND p.id <= 480");
    await sandbox.configure({ faults: [{ times: 1, ...p.serverError }] });
    const second = await runOnce(sync.id);
    expect(second.status).toBe("succeeded");
    expect([second.added > 0, second.removed > 0]).toEqual([true, true]);
    await expectConverged(sync.id);
    await setMembers("seg", "p.id <= 450");
  });

  it("records members the platform refuses per item, and the rest arrive", async () => {
    const sync = await newSync();
    const { desired } = await desiredOracle(sync.id);
    const refused = sorted(desired).filter((_, i) => i % 50 === 7);
    const hashes = [...emailHashOf].filter(([, id]) => refused.includes(id)).map(([h]) => h);
    await sandbox.configure({ rejectHashes: hashes });
    const run = await runOnce(sync.id);
    await sandbox.configure({ rejectHashes: [] });
    expect(run.invalid).toBe(refused.length);
    const errors = await db().syncRunItemError.findMany({ where: { runId: run.id } });
    expect(sorted(errors.map((e) => String(e.profileId)))).toEqual(refused);
    await expectConverged(sync.id); // the oracle leaves out recorded refusals
  });

  it("pauses the sync with the platform's reason on an auth error, and converges once fixed", async () => {
    const sync = await newSync();
    await sandbox.configure(p.breakAuth);
    const run = await runOnce(sync.id);
    expect(run.status).toBe("failed");
    const paused = await db().sync.findUniqueOrThrow({ where: { id: sync.id } });
    expect(paused.state).toBe("paused");
    expect(paused.pausedReason).toBeTruthy();
    expect(paused.pausedReason).toContain(run.error!);
    await sandbox.reset({ state: false });
    await db().sync.update({ where: { id: sync.id }, data: { state: "live", pausedReason: null } });
    const after = await runOnce(sync.id);
    expect(after.status).toBe("succeeded");
    await expectConverged(sync.id);
  });

  it("captures the platform's own figures into the run and the snapshot", async () => {
    const sync = await newSync();
    // Meta hides counts below 1,000 (as -1); this audience is smaller.
    if (p.kind === "meta") await sandbox.configure({ countThreshold: 0 });
    const run = await runOnce(sync.id);
    const platform = (run.stats as { platform: Record<string, unknown> }).platform;
    const [snap] = await db().metricSnapshot.findMany({ where: { syncId: sync.id }, orderBy: { id: "desc" }, take: 1 });
    expect((snap!.figures as { platform: unknown }).platform).toEqual(platform);
    if (p.kind === "meta")
      expect(platform).toMatchObject({
        num_received: run.added,
        num_invalid_entries: 0,
        approximate_count_lower_bound: expect.any(Number),
      });
    if (p.kind === "google_ads")
      expect(platform).toMatchObject({ match_rate_range: expect.stringMatching(/^MATCH_RANGE_/), size: expect.any(Number) });
    if (p.kind === "tiktok") expect(platform).toMatchObject({ cover_num: expect.any(Number) });
  });
});

describe("Meta refuses removals below its minimum", () => {
  it("reports the refused removals on the run instead of success, and keeps them delivered", async () => {
    const server = await startEmulatorServer(createMetaEmulator());
    const sandbox = sandboxClient(server.url);
    try {
      await sandbox.reset();
      const dest = await makeDestination("meta", PLATFORMS[0]!.settings(server.url), PLATFORMS[0]!.credentials, "meta minimum");
      await makeSegment("small", "Small", "p.id <= 200");
      const sync = await makeSync({ segmentId: "small", destinationId: dest.id, identifiers: ["email"] });
      expect((await runSync(sync.id, { trigger: "manual" }, { policy: FAST })).status).toBe("succeeded");
      const before = await deliveredKeys(sync.id);
      await sandbox.configure({ refuseRemovalBelow: 150 });
      await setMembers("small", "p.id <= 20");
      const result = await runSync(sync.id, { trigger: "manual" }, { policy: FAST });
      expect(result.status).toBe("partial");
      const run = await db().syncRun.findUniqueOrThrow({ where: { id: (result as { runId: string }).runId } });
      expect(run.removed).toBe(0);
      expect(run.failed).toBeGreaterThan(100);
      const errors = await db().syncRunItemError.findMany({ where: { runId: run.id } });
      expect(new Set(errors.map((e) => e.code))).toEqual(new Set([REMOVAL_REFUSED]));
      expect(errors[0]!.message).toMatch(/Audience Too Small/);
      expect((await deliveredKeys(sync.id)).size).toBe(before.size);
    } finally {
      await server.close();
    }
  });
});
