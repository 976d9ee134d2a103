import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  addOperationsChunks,
  GOOGLE_IDENTIFIERS_PER_REQUEST,
  GOOGLE_MAX_IDENTIFIERS_PER_REQUEST,
  identifiersIn,
} from "@/lib/connectors/google-ads/batch-limits";
import { googleAdsConnector, googleCredentialsSchema, googleSettingsSchema } from "@/lib/connectors/google-ads/connector";
import { buildOperations, type JobOperation } from "@/lib/connectors/google-ads/wire";
import { people, recordingFetch } from "@/lib/connectors/test-fixtures";
import { sandboxClient } from "@/lib/sandbox/client";
import { createGoogleAdsEmulator } from "@/lib/sandbox/google-ads/emulator";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";

// Google limits addOperations requests in user identifiers, not operations (batch-limits.ts).
// 5,847 people with an email and a phone plus 4,153 with an email only: 10,000 operations
// holding 15,847 identifiers, the shape that used to go out as one 10,000-operation call.
const batch = () => [...people(0, 5_847), ...people(5_847, 4_153, { phone: false })];

describe("Google Ads batch limits", () => {
  it("splits operations so no request carries more than 10,000 identifiers", () => {
    const { operations } = buildOperations(batch(), "create");
    expect(operations).toHaveLength(10_000);
    const chunks = addOperationsChunks(operations);
    expect(chunks.map((c) => c.weight)).toEqual([10_000, 5_847]);
    expect(chunks.every((c) => c.weight <= GOOGLE_IDENTIFIERS_PER_REQUEST)).toBe(true);
    expect(chunks.map((c) => [c.start, c.end])).toEqual([
      [0, 5_000],
      [5_000, 10_000],
    ]);
    // Never above the hard limit, whatever is asked for.
    const one: JobOperation = { create: { userIdentifiers: [{ hashedEmail: "a" }] } };
    expect(addOperationsChunks(Array(GOOGLE_MAX_IDENTIFIERS_PER_REQUEST + 1).fill(one), 1e9).map((c) => c.weight)).toEqual([
      GOOGLE_MAX_IDENTIFIERS_PER_REQUEST,
      1,
    ]);
    expect(identifiersIn({ remove: { userIdentifiers: [{ hashedEmail: "a" }, { hashedPhoneNumber: "b" }] } })).toBe(2);
  });
});

describe("Google Ads connector over HTTP: identifiers per request", () => {
  let server: EmulatorServer;
  let sandbox: ReturnType<typeof sandboxClient>;
  const rec = recordingFetch();
  beforeAll(async () => {
    server = await startEmulatorServer(createGoogleAdsEmulator());
    sandbox = sandboxClient(server.url);
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await sandbox.reset();
    rec.clear();
  });
  const ctx = () => ({
    settings: googleSettingsSchema.parse({
      customerId: "123-456-7890",
      apiBaseUrl: `${server.url}/v26`,
      oauthTokenUrl: `${server.url}/oauth2/v4/token`,
      jobPollIntervalMs: 20,
    }),
    credentials: googleCredentialsSchema.parse({ ...SANDBOX_CREDENTIALS.google_ads }),
    fetch: rec.fetch,
  });

  it("sends 10,000 members holding 15,847 identifiers as two calls of ≤10,000 identifiers to one job, all accepted", async () => {
    // The emulator refuses any request above 10,000 identifiers, as Google does above its limit.
    await sandbox.configure({ maxIdentifiersPerRequest: GOOGLE_IDENTIFIERS_PER_REQUEST });
    const { id } = await googleAdsConnector.ensureAudience(ctx(), { name: "Identifiers" });
    rec.clear();
    const result = await googleAdsConnector.addMembers(ctx(), id, batch());
    const adds = rec.calls.filter((c) => c.url.pathname.endsWith(":addOperations"));
    const ids = adds.map((c) => (c.json as { operations: JobOperation[] }).operations.reduce((n, op) => n + identifiersIn(op), 0));
    expect(ids).toEqual([10_000, 5_847]);
    expect(adds.every((c) => c.status === 200)).toBe(true);
    expect(new Set(adds.map((c) => c.url.pathname)).size).toBe(1);
    expect(result.items.every((r) => r.status === "ok")).toBe(true);
    expect(result.stats).toMatchObject({ operations: 10_000, rejected_operations: 0, job_status: "SUCCESS" });
    expect((await sandbox.audience(id)).counts.total).toBe(10_000);
  });
});
