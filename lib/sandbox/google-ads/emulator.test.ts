import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto";
import { createGoogleAdsEmulator } from "@/lib/sandbox/google-ads/emulator";
import { sandboxClient } from "@/lib/sandbox/client";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";

const G = SANDBOX_CREDENTIALS.google_ads;

// The Google Ads emulator on its own: auth headers, the job state machine, partial failure
// locations and request limits (checklist §7.2).

let server: EmulatorServer;
let sandbox: ReturnType<typeof sandboxClient>;
let token: string;
let list: string;
const CID = "1234567890";
const h = (s: string) => sha256Hex(s);

beforeAll(async () => {
  server = await startEmulatorServer(createGoogleAdsEmulator());
  sandbox = sandboxClient(server.url);
});
afterAll(() => server.close());
beforeEach(async () => {
  await sandbox.reset();
  const res = await fetch(`${server.url}/oauth2/v4/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: G.refreshToken,
      client_id: G.clientId,
      client_secret: G.clientSecret,
    }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
  const created = await post("userLists:mutate", {
    operations: [{ create: { name: "L", crmBasedUserList: { uploadKeyType: "CONTACT_INFO" } } }],
  });
  list = created.body.results[0].resourceName;
});

async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${token}`, "developer-token": G.developerToken },
) {
  const res = await fetch(`${server.url}/v26/customers/${CID}/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
const newJob = async () =>
  (
    await post("offlineUserDataJobs:create", {
      job: { type: "CUSTOMER_MATCH_USER_LIST", customerMatchUserListMetadata: { userList: list } },
    })
  ).body.resourceName
    .split("/")
    .slice(2)
    .join("/") as string;
const create = (...ids: Record<string, string>[]) => ({ create: { userIdentifiers: ids } });
const firstError = (body: { error: { details: { errors: { errorCode: unknown }[] }[] } }) => body.error.details[0]!.errors[0]!.errorCode;

describe("Google Ads emulator", () => {
  it("requires a valid Bearer token and the developer-token header", async () => {
    expect(
      firstError(
        (await post("googleAds:search", { query: "SELECT customer.id FROM customer" }, { "developer-token": G.developerToken })).body,
      ),
    ).toEqual({ authenticationError: "OAUTH_TOKEN_HEADER_INVALID" });
    const expired = `ya29.sandbox.${Buffer.from(JSON.stringify({ exp: 1 })).toString("base64url")}`;
    const res = await post(
      "googleAds:search",
      { query: "SELECT customer.id FROM customer" },
      { authorization: `Bearer ${expired}`, "developer-token": G.developerToken },
    );
    expect(res).toMatchObject({ status: 401, body: { error: { code: 401, status: "UNAUTHENTICATED" } } });
    expect(firstError(res.body)).toEqual({ authenticationError: "OAUTH_TOKEN_EXPIRED" });
    expect(
      firstError(
        (await post("googleAds:search", { query: "SELECT customer.id FROM customer" }, { authorization: `Bearer ${token}` })).body,
      ),
    ).toEqual({ authenticationError: "DEVELOPER_TOKEN_INVALID" });
  });

  it("walks PENDING → RUNNING → SUCCESS and refuses operations after :run", async () => {
    const job = await newJob();
    expect((await post(`${job}:addOperations`, { operations: [create({ hashedEmail: h("a") })] })).body).toEqual({});
    expect((await post(`${job}:run`, {})).body).toEqual({ name: expect.stringMatching(/^customers\/1234567890\/operations\//) });
    const late = await post(`${job}:addOperations`, { operations: [create({ hashedEmail: h("b") })] });
    expect(firstError(late.body)).toEqual({ offlineUserDataJobError: "JOB_ALREADY_STARTED" });
    expect(firstError((await post(`${job}:run`, {})).body)).toEqual({ offlineUserDataJobError: "JOB_ALREADY_STARTED" });
    const search = await post("googleAds:search", {
      query: `SELECT offline_user_data_job.status, offline_user_data_job.operation_metadata.match_rate_range FROM offline_user_data_job WHERE offline_user_data_job.resource_name = 'customers/${CID}/${job}'`,
    });
    expect(search.body.results).toEqual([
      { offlineUserDataJob: { status: "SUCCESS", operationMetadata: { matchRateRange: expect.stringMatching(/^MATCH_RANGE_/) } } },
    ]);
  });

  it("reports per-operation failures with the reference's field path, or fails whole without partial failure", async () => {
    const job = await newJob();
    const ops = [
      create({ hashedEmail: h("a") }),
      create({ hashedEmail: h("b") }, { hashedPhoneNumber: "abc" }),
      create({ thirdPartyUserId: "crm-1" }),
      create(...Array.from({ length: 21 }, (_, i) => ({ hashedEmail: h(String(i)) }))),
      create(),
    ];
    const whole = await post(`${job}:addOperations`, { operations: ops });
    expect(whole.status).toBe(400);
    const res = await post(`${job}:addOperations`, { operations: ops, enablePartialFailure: true });
    const errors = res.body.partialFailureError.details[0].errors;
    expect(res.body.partialFailureError).toMatchObject({
      code: 3,
      details: [{ "@type": "type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure" }],
    });
    expect(errors.map((e: { errorCode: Record<string, string> }) => Object.values(e.errorCode)[0])).toEqual([
      "INVALID_SHA256_FORMAT",
      "INCOMPATIBLE_UPLOAD_KEY_TYPE",
      "TOO_MANY_USER_IDENTIFIERS",
      "MISSING_USER_IDENTIFIER",
    ]);
    expect(errors[0]).toMatchObject({
      trigger: { stringValue: "abc" },
      location: {
        fieldPathElements: [
          { fieldName: "operations", index: 1 },
          { fieldName: "create" },
          { fieldName: "user_identifiers", index: 1 },
          { fieldName: "hashed_phone_number" },
        ],
      },
    });
    await post(`${job}:run`, {});
    expect(await sandbox.members(list.split("/").pop()!)).toHaveLength(1);
  });

  it("enforces the oneof rule, the per-request identifier cap, no mixing, and removeAll first", async () => {
    const job = await newJob();
    expect(
      (await post(`${job}:addOperations`, { operations: [create({ hashedEmail: h("a"), hashedPhoneNumber: h("1") })] })).body.error
        .details[0].errors[0].message,
    ).toContain("Oneof field");
    await sandbox.configure({ maxIdentifiersPerRequest: 2 });
    expect(
      firstError(
        (
          await post(`${job}:addOperations`, {
            operations: [create({ hashedEmail: h("a") }, { hashedEmail: h("b") }, { hashedEmail: h("c") })],
          })
        ).body,
      ),
    ).toEqual({ offlineUserDataJobError: "TOO_MANY_USER_IDENTIFIERS" });
    await post(`${job}:addOperations`, { operations: [create({ hashedEmail: h("a") })], enablePartialFailure: true });
    const mixed = await post(`${job}:addOperations`, {
      operations: [{ remove: { userIdentifiers: [{ hashedEmail: h("a") }] } }, { removeAll: true }],
      enablePartialFailure: true,
    });
    expect(
      mixed.body.partialFailureError.details[0].errors.map(
        (e: { errorCode: Record<string, string> }) => e.errorCode.offlineUserDataJobError,
      ),
    ).toEqual(["CONFLICTING_OPERATION", "INVALID_OPERATION_ORDER"]);
  });

  it("clears a list with removeAll as the first operation", async () => {
    const fill = await newJob();
    await post(`${fill}:addOperations`, { operations: [create({ hashedEmail: h("a") }), create({ hashedEmail: h("b") })] });
    await post(`${fill}:run`, {});
    const clear = await newJob();
    await post(`${clear}:addOperations`, { operations: [{ removeAll: true }] });
    await post(`${clear}:run`, {});
    expect(await sandbox.members(list.split("/").pop()!)).toHaveLength(0);
  });

  it("answers GAQL like Google: no results key when empty, QueryError for unknown fields", async () => {
    const none = await post("googleAds:search", { query: "SELECT user_list.id FROM user_list WHERE user_list.name = 'nope'" });
    expect(none.body).toEqual({ fieldMask: "userList.id", requestId: expect.any(String) });
    expect(firstError((await post("googleAds:search", { query: "SELECT user_list.colour FROM user_list" })).body)).toEqual({
      queryError: "UNRECOGNIZED_FIELD",
    });
    expect(
      firstError(
        (
          await post("offlineUserDataJobs:create", {
            job: { type: "CUSTOMER_MATCH_USER_LIST", customerMatchUserListMetadata: { userList: `customers/${CID}/userLists/1` } },
          })
        ).body,
      ),
    ).toEqual({ offlineUserDataJobError: "INVALID_USER_LIST_ID" });
  });

  it("serves the Google Ads API versions live on 2026-12-01 and answers a sunset one (v22) like an unknown URL", async () => {
    const search = (version: string) =>
      fetch(`${server.url}/${version}/customers/${CID}/googleAds:search`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "developer-token": G.developerToken },
        body: JSON.stringify({ query: "SELECT user_list.id FROM user_list" }),
      });
    for (const live of ["v23", "v24", "v25", "v26"]) expect((await search(live)).status).toBe(200);
    const sunset = await search("v22");
    expect(sunset.status).toBe(404);
    expect(((await sunset.json()) as { error: { status: string } }).error.status).toBe("NOT_FOUND");
  });
});
