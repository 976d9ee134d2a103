import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto";
import { pool } from "@/lib/db";
import type { AudienceItem, ConnectorContext } from "@/lib/connectors/contract";
import { ConnectorError } from "@/lib/connectors/errors";
import { googleSettingsSchema } from "@/lib/connectors/google-ads/settings";
import {
  googleCustomerMatchConnector as google,
  googleCustomerMatchCredentialsSchema,
  googleCustomerMatchSettingsSchema,
} from "@/lib/connectors/google-data-manager/google-customer-match";
import type { GoogleCustomerMatchCredentials, GoogleCustomerMatchSettings } from "@/lib/connectors/google-data-manager/settings";
import { people, recordingFetch } from "@/lib/connectors/test-fixtures";
import { sandboxClient } from "@/lib/sandbox/client";
import { createGoogleDataManagerEmulator } from "@/lib/sandbox/google-data-manager/emulator";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";

// The Google destination over the Data Manager API, against the strict emulator over real HTTP,
// state in real Postgres.

let server: EmulatorServer;
let sandbox: ReturnType<typeof sandboxClient>;
const rec = recordingFetch();
const CID = "1234567890";
const { developerToken: _unused, ...oauth } = SANDBOX_CREDENTIALS.google_ads;

beforeAll(async () => {
  server = await startEmulatorServer(createGoogleDataManagerEmulator());
  sandbox = sandboxClient(server.url);
});
afterAll(() => server.close());
beforeEach(async () => {
  await sandbox.reset();
  rec.clear();
});

const attested = { adUserDataConsent: "GRANTED", adPersonalizationConsent: "GRANTED", acceptCustomerMatchTerms: true };

function ctx(
  settings: Record<string, unknown> = {},
  credentials: Partial<GoogleCustomerMatchCredentials> = {},
): ConnectorContext<GoogleCustomerMatchSettings, GoogleCustomerMatchCredentials> {
  return {
    settings: googleCustomerMatchSettingsSchema.parse({
      customerId: "123-456-7890",
      dataManagerBaseUrl: `${server.url}/v1`,
      oauthTokenUrl: `${server.url}/oauth2/v4/token`,
      requestStatusPollIntervalMs: 20,
      ...attested,
      ...settings,
    }),
    credentials: googleCustomerMatchCredentialsSchema.parse({ ...oauth, ...credentials }),
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

const apiCalls = () => rec.calls.filter((c) => c.url.pathname.startsWith("/v1/"));

describe("Google destination settings", () => {
  it("defaults to the Data Manager API, with the developer token optional and consent not assumed", () => {
    const s = googleCustomerMatchSettingsSchema.parse({ customerId: "123-456-7890" });
    expect(s).toMatchObject({
      api: "data_manager",
      operatingAccountType: "GOOGLE_ADS",
      adUserDataConsent: "UNSPECIFIED",
      dataManagerBaseUrl: "https://datamanager.googleapis.com/v1",
    });
    expect(googleCustomerMatchCredentialsSchema.safeParse(oauth).success).toBe(true);
    // The form's field order drops nothing the Google Ads API path reads.
    expect(Object.keys(googleCustomerMatchSettingsSchema.shape)).toEqual(expect.arrayContaining(Object.keys(googleSettingsSchema.shape)));
    expect(
      googleCustomerMatchSettingsSchema.parse({ customerId: "1234567890", membershipLifeSpanDays: 10000 }).membershipLifeSpanDays,
    ).toBe(10000);
    expect(googleCustomerMatchSettingsSchema.safeParse({ customerId: "1234567890", membershipLifeSpanDays: 600 }).success).toBe(false);
  });

  it("the Google Ads API path says it needs a developer token instead of calling Google without one", async () => {
    expect(await google.testConnection(ctx({ api: "google_ads_api" }))).toMatchObject({
      ok: false,
      kind: "auth",
      message: expect.stringContaining("needs a Developer token"),
    });
    expect(rec.calls).toHaveLength(0);
  });
});

describe("Data Manager API: connection test", () => {
  it("connects with the datamanager scope and no developer token, and validates an upload once a list exists", async () => {
    expect(await google.testConnection(ctx())).toEqual({
      ok: true,
      detail: "Connected to GOOGLE_ADS account 1234567890 through the Data Manager API (no Customer Match lists yet).",
    });
    await google.ensureAudience(ctx(), { name: "Any" });
    rec.clear();
    expect(await google.testConnection(ctx())).toMatchObject({
      ok: true,
      detail: expect.stringContaining("validate-only upload was accepted"),
    });
    const probe = apiCalls().find((c) => c.url.pathname === "/v1/audienceMembers:ingest")!;
    expect(probe.json).toMatchObject({ validateOnly: true, encoding: "HEX" });
    expect(rec.calls.every((c) => !c.headers.has("developer-token"))).toBe(true);
    expect(await sandbox.members((await sandbox.audiences()).audiences[0]!.id)).toHaveLength(0);
  });

  it("tells bad OAuth clients, a token without the datamanager scope and an unknown account apart", async () => {
    expect(await google.testConnection(ctx({}, { clientSecret: "wrong" }))).toMatchObject({
      ok: false,
      kind: "auth",
      message: expect.stringContaining("invalid_client"),
    });
    // A refresh token of its own, so no access token cached by earlier tests stands in.
    await sandbox.configure({ grantedScope: "https://www.googleapis.com/auth/adwords", refreshTokens: null });
    expect(await google.testConnection(ctx({}, { refreshToken: "1//ads-scope-only" }))).toMatchObject({
      ok: false,
      kind: "permission",
      message: "Google Data Manager API: ACCESS_TOKEN_SCOPE_INSUFFICIENT: Request had insufficient authentication scopes.",
    });
    await sandbox.configure({ grantedScope: "https://www.googleapis.com/auth/datamanager" });
    expect(await google.testConnection(ctx({ customerId: "9999999999" }))).toMatchObject({ ok: false, kind: "permission" });
  });

  it("a wrong operating account type gets Google's error in plain words", async () => {
    const result = await google.testConnection(ctx({ operatingAccountType: "DISPLAY_VIDEO_ADVERTISER" }));
    expect(result).toEqual({
      ok: false,
      kind: "config",
      message: "Google Data Manager API: INVALID_DESTINATION: Account 1234567890 is a GOOGLE_ADS account, not DISPLAY_VIDEO_ADVERTISER.",
      hint: expect.stringContaining("Operating account type"),
    });
  });
});

describe("Data Manager API: user lists", () => {
  it("creates a customer list once, however often it is ensured", async () => {
    const first = await google.ensureAudience(ctx(), { name: 'Churn "risk"', description: "d" });
    expect(first.created).toBe(true);
    expect(await google.ensureAudience(ctx(), { name: 'Churn "risk"' })).toEqual({ id: first.id, name: 'Churn "risk"', created: false });
    expect(await google.ensureAudience(ctx(), { name: "Other", existingId: first.id })).toEqual({
      id: first.id,
      name: 'Churn "risk"',
      created: false,
    });
    const create = apiCalls().find((c) => c.method === "POST" && c.url.pathname.endsWith("/userLists"))!;
    expect(create.url.pathname).toBe(`/v1/accountTypes/GOOGLE_ADS/accounts/${CID}/userLists`);
    expect(create.json).toEqual({
      displayName: 'Churn "risk"',
      description: "d",
      membershipDuration: `${540 * 86_400}s`,
      ingestedUserListInfo: { uploadKeyTypes: ["CONTACT_ID"], contactIdInfo: { dataSourceType: "DATA_SOURCE_TYPE_FIRST_PARTY" } },
    });
  });

  it("an audience id that does not exist gets Google's error, not a new list", async () => {
    const e = await thrown(google.ensureAudience(ctx(), { name: "X", existingId: "424242" }));
    expect(e).toMatchObject({
      kind: "permanent",
      message: "Google Data Manager API: NOT_FOUND: User list 424242 was not found in account 1234567890.",
    });
    const upload = await thrown(google.addMembers(ctx(), "424242", people(0, 1)));
    expect(upload.message).toBe("Google Data Manager API: INVALID_USER_LIST_ID: User list 424242 does not exist in account 1234567890.");
    expect(upload.details.hint).toContain("Audience ID");
    expect((await sandbox.audiences()).audiences).toHaveLength(0);
  });
});

describe("Data Manager API: members", () => {
  it("sends the exact ingest body, then reads the request status by request id", async () => {
    const { id } = await google.ensureAudience(ctx(), { name: "Wire" });
    rec.clear();
    const jane: AudienceItem = {
      key: "jane",
      email: { normalized: "jane.doe+promo@gmail.com", sha256: sha256Hex("jane.doe+promo@gmail.com") },
      phone: { e164: "+18005550100", sha256: sha256Hex("+18005550100") },
    };
    const result = await google.addMembers(ctx({ loginCustomerId: "111-222-3333" }), id, [jane]);
    expect(result.items).toEqual([{ key: "jane", status: "ok" }]);
    const [ingest, status] = apiCalls();
    expect(ingest!.url.pathname).toBe("/v1/audienceMembers:ingest");
    expect(ingest!.headers.get("authorization")).toMatch(/^Bearer ya29\.dm\./);
    expect(ingest!.json).toEqual({
      destinations: [
        {
          operatingAccount: { accountType: "GOOGLE_ADS", accountId: CID },
          loginAccount: { accountType: "GOOGLE_ADS", accountId: "1112223333" },
          productDestinationId: id,
        },
      ],
      audienceMembers: [
        {
          userData: {
            userIdentifiers: [
              { emailAddress: sha256Hex("janedoe@gmail.com") }, // Gmail: dots and +tag removed, as documented
              { phoneNumber: "fb4f73a6ec5fdb7077d564cdd22c3554b43ce49168550c3b12c547b78c517b30" },
            ],
          },
        },
      ],
      consent: { adUserData: "CONSENT_GRANTED", adPersonalization: "CONSENT_GRANTED" },
      encoding: "HEX",
      termsOfService: { customerMatchTermsOfServiceStatus: "ACCEPTED" },
    });
    const requestId = (ingest!.response as { requestId: string }).requestId;
    expect(status!.method).toBe("GET");
    expect(status!.url.pathname).toBe("/v1/requestStatus:retrieve");
    expect(status!.url.searchParams.get("requestId")).toBe(requestId);
    expect(result.request).toEqual({ request_id: requestId, operation: "audienceMembers:ingest", members: 1 });
    expect(result.response).toMatchObject({
      request_status: "SUCCESS",
      failed_records: 0,
      match_rate_range: expect.stringMatching(/^MATCH_RATE_RANGE_/),
    });
    expect((await sandbox.members(id)).map((m) => m.email_hash)).toEqual([sha256Hex("janedoe@gmail.com")]);
  });

  it("splits at 10,000 audience members per request", async () => {
    const { id } = await google.ensureAudience(ctx(), { name: "Big" });
    rec.clear();
    const result = await google.addMembers(ctx(), id, people(0, 25_000, { phone: false }));
    const ingests = apiCalls().filter((c) => c.url.pathname === "/v1/audienceMembers:ingest");
    expect(ingests.map((c) => (c.json as { audienceMembers: unknown[] }).audienceMembers.length)).toEqual([10_000, 10_000, 5_000]);
    expect(String(result.stats!.request_ids).split(",")).toHaveLength(3);
    expect((await sandbox.audience(id)).counts.total).toBe(25_000);
  });

  it("maps Google's field violations to the people named, and sends the rest again (fast-fail model)", async () => {
    const { id } = await google.ensureAudience(ctx(), { name: "Violations" });
    await sandbox.configure({ maxIdentifiersPerMember: 1 });
    const items = [{ key: "nobody" }, ...people(0, 2), ...people(10, 2, { phone: false })];
    const result = await google.addMembers(ctx(), id, items);
    expect(result.items.map((r) => [r.key, r.status, r.code])).toEqual([
      ["nobody", "invalid", "no_identifier"],
      ["0", "invalid", "TOO_MANY_USER_IDENTIFIERS"],
      ["1", "invalid", "TOO_MANY_USER_IDENTIFIERS"],
      ["10", "ok", undefined],
      ["11", "ok", undefined],
    ]);
    expect(result.items[1]!.message).toBe("Maximum number of user identifiers allowed per audience member is 1.");
    expect(result.stats).toMatchObject({ members_sent: 2, rejected_members: 2, request_status: "SUCCESS" });
    expect(await sandbox.members(id)).toHaveLength(2);
  });

  it("reports a partial success with Google's counts and reasons", async () => {
    const { id } = await google.ensureAudience(ctx(), { name: "Partial" });
    const items = people(0, 5, { phone: false });
    await sandbox.configure({ rejectHashes: [items[1]!.email!.sha256, items[3]!.email!.sha256] });
    const result = await google.addMembers(ctx(), id, items);
    expect(result.response).toMatchObject({
      request_status: "PARTIAL_SUCCESS",
      failed_records: 2,
      failed_reasons: "PROCESSING_ERROR_REASON_INVALID_FORMAT: 2",
    });
    expect(await sandbox.members(id)).toHaveLength(3);
  });

  it("marks everyone failed with Google's reason when the request fails, e.g. consent denied", async () => {
    const { id } = await google.ensureAudience(ctx(), { name: "Denied" });
    const result = await google.addMembers(ctx({ adUserDataConsent: "DENIED" }), id, people(0, 3));
    expect(result.items.map((r) => [r.status, r.code])).toEqual(Array(3).fill(["failed", "PROCESSING_ERROR_REASON_DENIED_CONSENT"]));
    expect(result.stats).toMatchObject({ request_status: "FAILED", failed_records: 3 });
  });

  it("returns while Google is still processing, and the members arrive when it finishes", async () => {
    const { id } = await google.ensureAudience(ctx(), { name: "Slow" });
    await sandbox.configure({ processingSeconds: 3600 });
    const result = await google.addMembers(ctx({ requestStatusPollTimeoutMs: 100 }), id, people(0, 10));
    expect(result.items.every((r) => r.status === "ok")).toBe(true);
    expect(result.response).toMatchObject({ request_status: "PROCESSING" });
    expect(await sandbox.members(id)).toHaveLength(0);
    await pool().query(`UPDATE sandbox.dm_requests SET finish_after = now()`); // hours later…
    expect(await sandbox.members(id)).toHaveLength(10);
  });

  it("read-back equals added minus removed; stats report size and match rate", async () => {
    const { id } = await google.ensureAudience(ctx(), { name: "Mirror" });
    const all = people(0, 300);
    await google.addMembers(ctx(), id, all);
    const removed = await google.removeMembers(ctx(), id, all.slice(0, 100));
    expect(removed.request).toMatchObject({ operation: "audienceMembers:remove", members: 100 });
    expect((await sandbox.members(id)).map((m) => m.email_hash).sort()).toEqual(
      all
        .slice(100)
        .map((p) => p.email!.sha256)
        .sort(),
    );
    expect(await google.getAudienceStats!(ctx(), id)).toMatchObject({
      size: expect.any(Number),
      matchRate: expect.any(Number),
      status: "OPEN",
    });
  });
});

describe("Data Manager API: errors", () => {
  it("a destination without consent settings gets Google's error in plain words", async () => {
    const { id } = await google.ensureAudience(ctx(), { name: "No consent" });
    const e = await thrown(
      google.addMembers(ctx({ adUserDataConsent: "UNSPECIFIED", adPersonalizationConsent: "UNSPECIFIED" }), id, people(0, 1)),
    );
    expect(e.kind).toBe("permanent");
    expect(e.message).toBe(
      "Google Data Manager API: REQUIRED_FIELD_MISSING: Consent for ad user data and ad personalization is required for Customer Match uploads.",
    );
    expect(e.details.hint).toContain("Ad user data consent");
    const conn = await google.testConnection(ctx({ adUserDataConsent: "UNSPECIFIED", adPersonalizationConsent: "UNSPECIFIED" }));
    expect(conn).toMatchObject({ ok: false, kind: "config", message: e.message });
  });

  it("unaccepted Customer Match terms are an auth problem of kind terms", async () => {
    const { id } = await google.ensureAudience(ctx(), { name: "Terms" });
    const e = await thrown(google.addMembers(ctx({ acceptCustomerMatchTerms: false }), id, people(0, 1)));
    expect(e).toMatchObject({ kind: "auth", details: { authReason: "terms", platformCode: "TERMS_AND_CONDITIONS_NOT_SIGNED" } });
  });

  it("throttling and outages are retryable, honouring Google's retry delay", async () => {
    const { id } = await google.ensureAudience(ctx(), { name: "Throttle" });
    await sandbox.configure({
      faults: [
        { routes: ["ingest"], retryAfterSeconds: 7 },
        { routes: ["ingest"], code: "UNAVAILABLE" },
      ],
    });
    expect(await thrown(google.addMembers(ctx(), id, people(0, 2)))).toMatchObject({
      kind: "retryable",
      details: { status: 429, retryAfterMs: 7_000, platformCode: "RESOURCE_EXHAUSTED" },
    });
    expect(await thrown(google.addMembers(ctx(), id, people(0, 2)))).toMatchObject({ kind: "retryable", details: { status: 503 } });
    expect((await google.addMembers(ctx(), id, people(0, 2))).stats).toMatchObject({ request_status: "SUCCESS" });
  });

  it("a managed account needs its manager as the login account", async () => {
    const { id } = await google.ensureAudience(ctx(), { name: "Managed" });
    await sandbox.configure({ managedAccounts: { [CID]: "5555555555" } });
    expect(await thrown(google.addMembers(ctx(), id, people(0, 1)))).toMatchObject({ kind: "auth", details: { authReason: "permission" } });
    expect((await google.addMembers(ctx({ loginCustomerId: "5555555555" }), id, people(0, 1))).stats).toMatchObject({
      request_status: "SUCCESS",
    });
  });
});
