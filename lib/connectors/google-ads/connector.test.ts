import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto";
import { pool } from "@/lib/db";
import type { AudienceItem, ConnectorContext } from "@/lib/connectors/contract";
import { ConnectorError } from "@/lib/connectors/errors";
import {
  googleAdsConnector,
  googleCredentialsSchema,
  googleSettingsSchema,
  type GoogleCredentials,
  type GoogleSettings,
} from "@/lib/connectors/google-ads/connector";
import { createGoogleAdsEmulator } from "@/lib/sandbox/google-ads/emulator";
import { sandboxClient } from "@/lib/sandbox/client";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";
import { hashMatches } from "@/lib/sandbox/store";
import { people, recordingFetch } from "@/lib/connectors/test-fixtures";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";

// Drives the Google Ads connector against the emulator over real HTTP, state in real Postgres.

let server: EmulatorServer;
let sandbox: ReturnType<typeof sandboxClient>;
const rec = recordingFetch();
const CID = "1234567890";
const creds: GoogleCredentials = { ...SANDBOX_CREDENTIALS.google_ads };

beforeAll(async () => {
  server = await startEmulatorServer(createGoogleAdsEmulator());
  sandbox = sandboxClient(server.url);
});
afterAll(() => server.close());
beforeEach(async () => {
  await sandbox.reset();
  rec.clear();
});

function ctx(
  settings: Partial<Record<keyof GoogleSettings, unknown>> = {},
  credentials: Partial<GoogleCredentials> = {},
): ConnectorContext<GoogleSettings, GoogleCredentials> {
  return {
    settings: googleSettingsSchema.parse({
      customerId: "123-456-7890",
      apiBaseUrl: `${server.url}/v26`,
      oauthTokenUrl: `${server.url}/oauth2/v4/token`,
      jobPollIntervalMs: 20,
      ...settings,
    }),
    credentials: googleCredentialsSchema.parse({ ...creds, ...credentials }),
    fetch: rec.fetch,
  };
}

async function thrown(p: Promise<unknown>): Promise<ConnectorError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

const apiCalls = () => rec.calls.filter((c) => c.url.pathname.startsWith("/v26/"));
const post = (path: string, body: unknown, token: string) =>
  fetch(`${server.url}/v26/customers/${CID}/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "developer-token": creds.developerToken, "content-type": "application/json" },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
const freshToken = async () =>
  (
    (await fetch(`${server.url}/oauth2/v4/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: creds.refreshToken,
        client_id: creds.clientId,
        client_secret: creds.clientSecret,
      }),
    }).then((r) => r.json())) as { access_token: string }
  ).access_token;

describe("Google Ads connector: connection test", () => {
  it("connects, and tells bad OAuth, unapproved developer tokens, missing manager ids and unaccepted terms apart", async () => {
    expect(await googleAdsConnector.testConnection(ctx())).toEqual({
      ok: true,
      detail: "Connected to Sandbox customer 1234567890 (123-456-7890).",
    });
    await sandbox.configure({ revokedRefreshTokens: ["revoked"], oauthClients: { [creds.clientId]: creds.clientSecret } });
    expect(await googleAdsConnector.testConnection(ctx({}, { refreshToken: "revoked" }))).toMatchObject({
      ok: false,
      kind: "auth",
      message: "Google OAuth: invalid_grant — Token has been expired or revoked.",
    });
    expect(await googleAdsConnector.testConnection(ctx({}, { clientSecret: "wrong" }))).toMatchObject({
      ok: false,
      kind: "auth",
      message: expect.stringContaining("invalid_client"),
    });
    await sandbox.configure({ unapprovedDeveloperTokens: ["test-only"], managedCustomers: { [CID]: "9999999999" } });
    expect(await googleAdsConnector.testConnection(ctx({ loginCustomerId: "9999999999" }, { developerToken: "test-only" }))).toMatchObject({
      ok: false,
      kind: "permission",
      message: expect.stringContaining("DEVELOPER_TOKEN_NOT_APPROVED"),
    });
    expect(await googleAdsConnector.testConnection(ctx())).toMatchObject({
      ok: false,
      kind: "permission",
      message: expect.stringContaining("USER_PERMISSION_DENIED"),
      hint: expect.stringContaining("Login customer ID"),
    });
    expect(await googleAdsConnector.testConnection(ctx({ loginCustomerId: "999-999-9999" }))).toMatchObject({ ok: true });
    expect(rec.calls.at(-1)!.headers.get("login-customer-id")).toBe("9999999999");
    await sandbox.configure({ termsNotAcceptedCustomers: [CID] });
    expect(await googleAdsConnector.testConnection(ctx({ loginCustomerId: "9999999999" }))).toMatchObject({ ok: false, kind: "terms" });
  });
});

describe("Google Ads connector: user lists", () => {
  it("creates a CRM list once, however often it is ensured, and Google refuses duplicate names", async () => {
    const first = await googleAdsConnector.ensureAudience(ctx(), { name: "Churn risk", description: "d" });
    expect(first.created).toBe(true);
    expect(await googleAdsConnector.ensureAudience(ctx(), { name: "Churn risk" })).toEqual({
      id: first.id,
      name: "Churn risk",
      created: false,
    });
    expect(await googleAdsConnector.ensureAudience(ctx(), { name: "Other", existingId: first.id })).toEqual({
      id: first.id,
      name: "Churn risk",
      created: false,
    });
    const mutate = apiCalls().find((c) => c.url.pathname.endsWith("userLists:mutate"))!;
    expect(mutate.json).toEqual({
      operations: [
        {
          create: {
            name: "Churn risk",
            description: "d",
            membershipLifeSpan: "540",
            crmBasedUserList: { uploadKeyType: "CONTACT_INFO", dataSourceType: "FIRST_PARTY" },
          },
        },
      ],
    });
    const dup = await post("userLists:mutate", mutate.json, await freshToken());
    expect(dup.status).toBe(400);
    expect(dup.body.error.details[0].errors[0].errorCode).toEqual({ userListError: "NAME_ALREADY_USED" });
  });
});

describe("Google Ads connector: members", () => {
  it("runs create → addOperations → run → poll with the exact wire format", async () => {
    const { id } = await googleAdsConnector.ensureAudience(ctx(), { name: "Wire" });
    rec.clear();
    const jane: AudienceItem = {
      key: "jane",
      email: { normalized: "jane.doe@example.com", sha256: sha256Hex("jane.doe@example.com") },
      phone: { e164: "+15551234567", sha256: sha256Hex("+15551234567") },
    };
    const result = await googleAdsConnector.addMembers(ctx(), id, [jane]);
    expect(result.items).toEqual([{ key: "jane", status: "ok" }]);
    expect(result.stats).toMatchObject({ job_status: "SUCCESS", operations: 1, rejected_operations: 0 });
    const [create, add, run, poll] = apiCalls();
    expect(create!.url.pathname).toBe(`/v26/customers/${CID}/offlineUserDataJobs:create`);
    expect(create!.json).toEqual({
      job: {
        type: "CUSTOMER_MATCH_USER_LIST",
        customerMatchUserListMetadata: {
          userList: `customers/${CID}/userLists/${id}`,
          consent: { adUserData: "GRANTED", adPersonalization: "GRANTED" },
        },
      },
    });
    expect(create!.headers.get("developer-token")).toBe(creds.developerToken);
    expect(create!.headers.get("authorization")).toMatch(/^Bearer ya29\./);
    expect(add!.url.pathname).toMatch(/offlineUserDataJobs\/\d+:addOperations$/);
    expect(add!.json).toEqual({
      operations: [
        {
          create: {
            userIdentifiers: [
              { hashedEmail: "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d" },
              { hashedPhoneNumber: "8a59780bb8cd2ba022bfa5ba2ea3b6e07af17a7d8b30c1f9b3390e36f69019e4" },
            ],
          },
        },
      ],
      enablePartialFailure: true,
      enableWarnings: false,
    });
    expect(run!.url.pathname).toMatch(/:run$/);
    expect((poll!.json as { query: string }).query).toContain(
      "FROM offline_user_data_job WHERE offline_user_data_job.resource_name = 'customers/",
    );
  });

  it("splits at 10,000 operations per addOperations call, all in one job", async () => {
    const { id } = await googleAdsConnector.ensureAudience(ctx(), { name: "Big" });
    rec.clear();
    await googleAdsConnector.addMembers(ctx(), id, people(0, 25_000, { phone: false }));
    const adds = apiCalls().filter((c) => c.url.pathname.endsWith(":addOperations"));
    expect(adds.map((c) => (c.json as { operations: unknown[] }).operations.length)).toEqual([10_000, 10_000, 5_000]);
    expect(new Set(adds.map((c) => c.url.pathname)).size).toBe(1);
    expect((await sandbox.audience(id)).counts.total).toBe(25_000);
  });

  it("maps partial failures back to the right people by operation index", async () => {
    const { id } = await googleAdsConnector.ensureAudience(ctx(), { name: "Partial" });
    const items = [{ key: "nobody" }, ...people(0, 5)];
    await sandbox.configure({ rejectHashes: [items[2]!.email!.sha256, items[4]!.phone!.sha256] });
    const result = await googleAdsConnector.addMembers(ctx(), id, items);
    expect(result.items.map((r) => [r.key, r.status, r.code])).toEqual([
      ["nobody", "invalid", "no_identifier"],
      ["0", "ok", undefined],
      ["1", "invalid", "INCOMPATIBLE_USER_IDENTIFIER"],
      ["2", "ok", undefined],
      ["3", "invalid", "INCOMPATIBLE_USER_IDENTIFIER"],
      ["4", "ok", undefined],
    ]);
    expect(result.stats).toMatchObject({ rejected_operations: 2, job_status: "SUCCESS" });
    expect((await sandbox.members(id)).map((m) => m.email_hash).sort()).toEqual(
      [items[1], items[3], items[5]].map((p) => p!.email!.sha256).sort(),
    );
  });

  it("read-back equals what was added minus what was removed, and stats report size and match rate", async () => {
    const { id } = await googleAdsConnector.ensureAudience(ctx(), { name: "Mirror" });
    const all = people(0, 300);
    await googleAdsConnector.addMembers(ctx(), id, all);
    await googleAdsConnector.removeMembers(ctx(), id, all.slice(0, 100));
    const members = await sandbox.members(id);
    expect(members.map((m) => m.email_hash).sort()).toEqual(
      all
        .slice(100)
        .map((p) => p.email!.sha256)
        .sort(),
    );
    expect(members.find((m) => m.email_hash === all[150]!.email!.sha256)!.phone_hash).toBe(all[150]!.phone!.sha256);
    const matched = all.slice(100).filter((p) => hashMatches(p.email!.sha256, 0.7) || hashMatches(p.phone!.sha256, 0.7)).length;
    expect(await googleAdsConnector.getAudienceStats!(ctx(), id)).toMatchObject({
      size: matched,
      matchRate: Math.round((matched / 200) * 100) / 100,
      status: "OPEN",
    });
  });

  it("returns with the job still RUNNING when it outlasts the poll, and applies it when it finishes", async () => {
    const { id } = await googleAdsConnector.ensureAudience(ctx(), { name: "Slow" });
    await sandbox.configure({ jobDurationSeconds: 3600 });
    const result = await googleAdsConnector.addMembers(ctx({ jobPollTimeoutMs: 100 }), id, people(0, 10));
    expect(result.items.every((r) => r.status === "ok")).toBe(true);
    expect(result.stats).toMatchObject({ job_status: "RUNNING" });
    expect(await sandbox.members(id)).toHaveLength(0);
    await pool().query(`UPDATE sandbox.google_jobs SET finish_after = now()`); // six hours later…
    expect(await sandbox.members(id)).toHaveLength(10);
  });

  it("marks accepted people failed when the job fails", async () => {
    const { id } = await googleAdsConnector.ensureAudience(ctx(), { name: "Failing" });
    await sandbox.configure({ jobFailureReason: "UNSPECIFIED" });
    const result = await googleAdsConnector.addMembers(ctx(), id, people(0, 3));
    expect(result.items.map((r) => r.status)).toEqual(["failed", "failed", "failed"]);
    expect(result.stats).toMatchObject({ job_status: "FAILED", failure_reason: "UNSPECIFIED" });
  });
});

describe("Google Ads connector: errors", () => {
  it("surfaces quota exhaustion, concurrent modification and 503 as retryable", async () => {
    const { id } = await googleAdsConnector.ensureAudience(ctx(), { name: "Throttle" });
    await sandbox.configure({
      faults: [
        { routes: ["createJob"], retryAfterSeconds: 7 },
        { routes: ["addOperations"], code: "CONCURRENT_MODIFICATION" },
        { routes: ["createJob"], code: "UNAVAILABLE" },
      ],
    });
    expect(await thrown(googleAdsConnector.addMembers(ctx(), id, people(0, 2)))).toMatchObject({
      kind: "retryable",
      details: { status: 429, retryAfterMs: 7_000, platformCode: "RESOURCE_EXHAUSTED" },
    });
    // Faults are claimed per route in order: the second createJob fault comes next.
    expect(await thrown(googleAdsConnector.addMembers(ctx(), id, people(0, 2)))).toMatchObject({
      kind: "retryable",
      details: { status: 503 },
    });
    expect(await thrown(googleAdsConnector.addMembers(ctx(), id, people(0, 2)))).toMatchObject({
      kind: "retryable",
      details: { platformCode: "CONCURRENT_MODIFICATION" },
    });
    expect((await googleAdsConnector.addMembers(ctx(), id, people(0, 2))).stats).toMatchObject({ job_status: "SUCCESS" });
  });

  it("refreshes the access token once when Google says UNAUTHENTICATED", async () => {
    const { id } = await googleAdsConnector.ensureAudience(ctx(), { name: "Reauth" });
    await sandbox.configure({ faults: [{ routes: ["createJob"], code: "UNAUTHENTICATED" }] });
    rec.clear();
    expect((await googleAdsConnector.addMembers(ctx(), id, people(0, 1))).items[0]!.status).toBe("ok");
    expect(rec.calls.filter((c) => c.url.pathname.endsWith("/token"))).toHaveLength(1);
  });

  it("classifies unaccepted terms and revoked access during a sync as auth", async () => {
    const { id } = await googleAdsConnector.ensureAudience(ctx(), { name: "Terms" });
    await sandbox.configure({ termsNotAcceptedCustomers: [CID] });
    expect(await thrown(googleAdsConnector.addMembers(ctx(), id, people(0, 1)))).toMatchObject({
      kind: "auth",
      details: { authReason: "terms", platformCode: "CUSTOMER_NOT_ACCEPTED_CUSTOMER_DATA_TERMS" },
    });
    await sandbox.configure({ termsNotAcceptedCustomers: [], deniedCustomers: [CID] });
    expect(await thrown(googleAdsConnector.addMembers(ctx(), id, people(0, 1)))).toMatchObject({
      kind: "auth",
      details: { authReason: "permission" },
    });
  });

  it("declares Google's limits", () => {
    expect(googleAdsConnector).toMatchObject({
      maxBatchSize: 10_000,
      visibilityDelayHours: 12,
      minimumAudienceSize: 100,
      supportedIdentifiers: ["email", "phone"],
    });
  });
});
