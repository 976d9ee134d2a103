import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto";
import { sandboxClient } from "@/lib/sandbox/client";
import { createGoogleDataManagerEmulator } from "@/lib/sandbox/google-data-manager/emulator";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";

// The emulator on its own, over HTTP: it refuses what the Data Manager API refuses, in Google's
// error shape, whoever the caller is (not only our connector).

let server: EmulatorServer;
let sandbox: ReturnType<typeof sandboxClient>;
let token = "";
let listId = "";
const S = SANDBOX_CREDENTIALS.google_ads;

beforeAll(async () => {
  server = await startEmulatorServer(createGoogleDataManagerEmulator());
  sandbox = sandboxClient(server.url);
});
afterAll(() => server.close());
beforeEach(async () => {
  await sandbox.reset();
  const t = await fetch(`${server.url}/oauth2/v4/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: S.refreshToken,
      client_id: S.clientId,
      client_secret: S.clientSecret,
    }),
  }).then((r) => r.json() as Promise<{ access_token: string; scope: string }>);
  expect(t.scope).toBe("https://www.googleapis.com/auth/datamanager");
  token = t.access_token;
  const list = await call("POST", "accountTypes/GOOGLE_ADS/accounts/1234567890/userLists", {
    displayName: "L",
    ingestedUserListInfo: { uploadKeyTypes: ["CONTACT_ID"] },
  });
  listId = (list.body as { id: string }).id;
});

async function call(method: string, path: string, body?: unknown, auth = true) {
  const res = await fetch(`${server.url}/v1/${path}`, {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const ingest = (over: Record<string, unknown> = {}) => ({
  destinations: [{ operatingAccount: { accountType: "GOOGLE_ADS", accountId: "1234567890" }, productDestinationId: listId }],
  audienceMembers: [{ userData: { userIdentifiers: [{ emailAddress: sha256Hex("a@example.com") }] } }],
  consent: { adUserData: "CONSENT_GRANTED", adPersonalization: "CONSENT_GRANTED" },
  encoding: "HEX",
  termsOfService: { customerMatchTermsOfServiceStatus: "ACCEPTED" },
  ...over,
});
type Status = {
  error: { code: number; status: string; details: { reason?: string; fieldViolations?: { field: string; reason: string }[] }[] };
};
const violations = (b: unknown) => (b as Status).error.details.flatMap((d) => d.fieldViolations ?? []).map((v) => [v.field, v.reason]);

describe("Data Manager API emulator", () => {
  it("needs a Bearer token", async () => {
    const r = await call("POST", "audienceMembers:ingest", ingest(), false);
    expect(r.status).toBe(401);
    expect((r.body as Status).error.status).toBe("UNAUTHENTICATED");
  });

  it("accepts a valid request with a request id, and reports its status", async () => {
    const r = await call("POST", "audienceMembers:ingest", ingest());
    expect(r.status).toBe(200);
    const requestId = r.body.requestId as string;
    const s = await call("GET", `requestStatus:retrieve?requestId=${requestId}`);
    expect(s.body).toMatchObject({
      requestStatusPerDestination: [
        {
          requestStatus: "SUCCESS",
          destination: { operatingAccount: { accountType: "GOOGLE_ADS", accountId: "1234567890" }, productDestinationId: listId },
          audienceMembersIngestionStatus: { userDataIngestionStatus: { recordCount: "1", userIdentifierCount: "1" } },
        },
      ],
    });
    expect(violations((await call("GET", "requestStatus:retrieve?requestId=nope")).body)).toEqual([["request_id", "INVALID_REQUEST_ID"]]);
  });

  it("validateOnly stores nothing and gives no request id", async () => {
    const r = await call("POST", "audienceMembers:ingest", ingest({ validateOnly: true }));
    expect(r).toEqual({ status: 200, body: {} });
    expect(await sandbox.members(listId)).toHaveLength(0);
  });

  it("fails the whole request naming every bad field: hashes, encoding, identifier count, member count", async () => {
    const bad = await call(
      "POST",
      "audienceMembers:ingest",
      ingest({
        audienceMembers: [
          { userData: { userIdentifiers: [{ emailAddress: "not-hex" }] } },
          { userData: { userIdentifiers: [{ phoneNumber: "ab" }] } },
          { userData: { userIdentifiers: Array.from({ length: 11 }, (_, i) => ({ emailAddress: sha256Hex(`${i}`) })) } },
          { userData: { userIdentifiers: [] } },
        ],
      }),
    );
    expect(bad.status).toBe(400);
    expect(violations(bad.body)).toEqual([
      ["audience_members[0].user_data.user_identifiers[0].email_address", "INVALID_HEX_ENCODING"],
      ["audience_members[1].user_data.user_identifiers[0].phone_number", "INVALID_SHA256_FORMAT"],
      ["audience_members[2].user_data.user_identifiers", "TOO_MANY_USER_IDENTIFIERS"],
      ["audience_members[3].user_data", "INVALID_AUDIENCE_MEMBER"],
    ]);
    expect(violations((await call("POST", "audienceMembers:ingest", ingest({ encoding: undefined }))).body)).toEqual([
      ["encoding", "REQUIRED_FIELD_MISSING"],
    ]);
    await sandbox.configure({ maxMembersPerRequest: 1 });
    const many = ingest().audienceMembers as unknown[];
    expect(violations((await call("POST", "audienceMembers:ingest", ingest({ audienceMembers: [...many, ...many] }))).body)).toEqual([
      ["audience_members", "TOO_MANY_AUDIENCE_MEMBERS"],
    ]);
    expect(await sandbox.members(listId)).toHaveLength(0);
  });

  it("refuses requests without consent (configurable), without accepted terms, or to a list of another account", async () => {
    expect(violations((await call("POST", "audienceMembers:ingest", ingest({ consent: undefined }))).body)).toEqual([
      ["consent", "REQUIRED_FIELD_MISSING"],
    ]);
    expect(violations((await call("POST", "audienceMembers:ingest", ingest({ termsOfService: undefined }))).body)).toEqual([
      ["terms_of_service.customer_match_terms_of_service_status", "TERMS_AND_CONDITIONS_NOT_SIGNED"],
    ]);
    await sandbox.configure({ accounts: { "1234567890": "GOOGLE_ADS", "2222222222": "GOOGLE_ADS" } });
    const other = ingest({
      destinations: [{ operatingAccount: { accountType: "GOOGLE_ADS", accountId: "2222222222" }, productDestinationId: listId }],
    });
    expect(violations((await call("POST", "audienceMembers:ingest", other)).body)).toEqual([
      ["destinations[0].product_destination_id", "INVALID_USER_LIST_ID"],
    ]);
    // processing_error mode: accepted, then every record fails with UNKNOWN_CONSENT.
    await sandbox.configure({ missingConsent: "processing_error" });
    const r = await call("POST", "audienceMembers:ingest", ingest({ consent: undefined }));
    const s = await call("GET", `requestStatus:retrieve?requestId=${r.body.requestId as string}`);
    expect(s.body).toMatchObject({
      requestStatusPerDestination: [
        { requestStatus: "FAILED", errorInfo: { errorCounts: [{ recordCount: "1", reason: "PROCESSING_ERROR_REASON_UNKNOWN_CONSENT" }] } },
      ],
    });
  });
});
