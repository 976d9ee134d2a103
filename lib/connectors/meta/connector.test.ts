import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto";
import { REMOVAL_REFUSED, type AudienceItem, type ConnectorContext } from "@/lib/connectors/contract";
import { ConnectorError } from "@/lib/connectors/errors";
import { metaConnector, metaSettingsSchema, type MetaCredentials, type MetaSettings } from "@/lib/connectors/meta/connector";
import { createMetaEmulator } from "@/lib/sandbox/meta/emulator";
import { metaPhone } from "@/lib/connectors/meta/hashing";
import { liveGraphBaseUrl, META_API_VERSION } from "@/lib/connectors/meta/wire";
import { sandboxClient } from "@/lib/sandbox/client";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";
import { hashMatches } from "@/lib/sandbox/store";
import { people, person, recordingFetch } from "@/lib/connectors/test-fixtures";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";

const TOKEN = SANDBOX_CREDENTIALS.meta.accessToken;

// Drives the Meta connector against the emulator over real HTTP, with state in a real Postgres.

let server: EmulatorServer;
let sandbox: ReturnType<typeof sandboxClient>;
const rec = recordingFetch();

beforeAll(async () => {
  server = await startEmulatorServer(createMetaEmulator());
  sandbox = sandboxClient(server.url);
});
afterAll(() => server.close());
beforeEach(async () => {
  await sandbox.reset();
  rec.clear();
});

function ctx(
  overrides: Partial<ConnectorContext<MetaSettings, MetaCredentials>> = {},
  token: string = TOKEN,
): ConnectorContext<MetaSettings, MetaCredentials> {
  return {
    settings: metaSettingsSchema.parse({ adAccountId: "act_1001", apiBaseUrl: `${server.url}/v24.0` }),
    credentials: { accessToken: token },
    fetch: rec.fetch,
    ...overrides,
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

const emailHash = (i: AudienceItem) => i.email!.sha256;

describe("Meta connector: connection test", () => {
  it("connects with a good token", async () => {
    expect(await metaConnector.testConnection(ctx())).toEqual({ ok: true, detail: "Connected to Sandbox ad account 1001 (act_1001)." });
  });

  it("tells a bad token, an expired token, a missing permission and unaccepted terms apart", async () => {
    await sandbox.configure({ acceptedTokens: [TOKEN, "expired", "weak"], expiredTokens: ["expired"], tokensWithoutPermission: ["weak"] });
    expect(await metaConnector.testConnection(ctx({}, "EAAB-wrong"))).toMatchObject({
      ok: false,
      kind: "auth",
      message: expect.stringContaining("Invalid OAuth access token"),
    });
    expect(await metaConnector.testConnection(ctx({}, "expired"))).toMatchObject({
      ok: false,
      kind: "auth",
      message: expect.stringContaining("Session has expired"),
      hint: expect.stringContaining("expired"),
    });
    expect(await metaConnector.testConnection(ctx({}, "weak"))).toMatchObject({
      ok: false,
      kind: "permission",
      message: expect.stringContaining("ads_management"),
    });
    await sandbox.configure({ termsNotAcceptedAccounts: ["1001"] });
    expect(await metaConnector.testConnection(ctx())).toMatchObject({
      ok: false,
      kind: "terms",
      hint: expect.stringContaining("customaudiences/app/tos/?act=1001"),
    });
  });

  it("sends a verifiable appsecret_proof when an app secret is configured", async () => {
    await sandbox.configure({ appSecret: "app-secret", requireAppSecretProof: true });
    expect(await metaConnector.testConnection(ctx())).toMatchObject({ ok: false, message: expect.stringContaining("appsecret_proof") });
    expect(await metaConnector.testConnection(ctx({ credentials: { accessToken: TOKEN, appSecret: "app-secret" } }))).toMatchObject({
      ok: true,
    });
    expect(rec.calls.at(-1)!.url.searchParams.get("appsecret_time")).toMatch(/^\d+$/);
    expect(await metaConnector.testConnection(ctx({ credentials: { accessToken: TOKEN, appSecret: "wrong" } }))).toMatchObject({
      ok: false,
      kind: "config",
    });
  });
});

describe("Meta connector: audiences", () => {
  it("creates an audience once, however often it is ensured", async () => {
    const first = await metaConnector.ensureAudience(ctx(), { name: "Churn risk", description: "d" });
    const second = await metaConnector.ensureAudience(ctx(), { name: "Churn risk" });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, name: "Churn risk", created: false });
    expect((await sandbox.audiences()).audiences).toHaveLength(1);
    const create = rec.calls.find((c) => c.method === "POST")!;
    expect(create.url.pathname).toBe("/v24.0/act_1001/customaudiences");
    expect(create.json).toEqual({ name: "Churn risk", subtype: "CUSTOM", customer_file_source: "USER_PROVIDED_ONLY", description: "d" });
    expect(create.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  it("verifies a known id, and finds by name when the id is stale", async () => {
    const a = await metaConnector.ensureAudience(ctx(), { name: "VIP" });
    expect(await metaConnector.ensureAudience(ctx(), { name: "VIP", existingId: a.id })).toEqual({ id: a.id, name: "VIP", created: false });
    expect(await metaConnector.ensureAudience(ctx(), { name: "VIP", existingId: "999" })).toEqual({
      id: a.id,
      name: "VIP",
      created: false,
    });
  });

  it("pages through long audience lists to find by name", async () => {
    for (let i = 0; i < 3; i++) await metaConnector.ensureAudience(ctx(), { name: `A${i}` });
    const list = await fetch(`${server.url}/v24.0/act_1001/customaudiences?fields=id,name&limit=2&access_token=${TOKEN}`).then((r) =>
      r.json(),
    );
    expect(list.data).toHaveLength(2);
    expect(list.paging.next).toContain("after=");
    expect((await metaConnector.ensureAudience(ctx(), { name: "A2" })).created).toBe(false);
  });
});

describe("Meta connector: members", () => {
  it("puts the exact multi-key payload and session on the wire", async () => {
    const { id } = await metaConnector.ensureAudience(ctx(), { name: "Wire" });
    rec.clear();
    const jane: AudienceItem = {
      key: "jane",
      email: { normalized: "jane.doe@example.com", sha256: sha256Hex("jane.doe@example.com") },
      phone: { e164: "+15551234567", sha256: sha256Hex("+15551234567") },
    };
    const result = await metaConnector.addMembers(ctx(), id, [jane]);
    expect(result.items).toEqual([{ key: "jane", status: "ok" }]);
    const call = rec.calls[0]!;
    expect(call.method).toBe("POST");
    expect(call.url.pathname).toBe(`/v24.0/${id}/users`);
    expect(call.json).toMatchObject({
      payload: {
        schema: ["EMAIL", "PHONE"],
        data: [
          [
            "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d",
            "d6736136ea896c1bfdc553e0e86e702c70d060d805696ca3e4e9e0961353860a",
          ],
        ],
      },
      session: { session_id: expect.any(Number), batch_seq: 1, last_batch_flag: true, estimated_num_total: 1 },
    });
    expect(result.stats).toMatchObject({ num_received: 1, num_invalid_entries: 0, requests: 1 });
  });

  it("splits at 10,000 rows per call, chained in one session", async () => {
    const { id } = await metaConnector.ensureAudience(ctx(), { name: "Big" });
    rec.clear();
    const items = people(0, 25_000, { phone: false });
    const result = await metaConnector.addMembers(ctx(), id, items);
    expect(result.items.every((r) => r.status === "ok")).toBe(true);
    const sizes = rec.calls.map((c) => (c.json as { payload: { data: unknown[] } }).payload.data.length);
    expect(sizes).toEqual([10_000, 10_000, 5_000]);
    const sessions = rec.calls.map((c) => (c.json as { session: Record<string, unknown> }).session);
    expect(sessions.map((s) => [s.batch_seq, s.last_batch_flag])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(new Set(sessions.map((s) => s.session_id)).size).toBe(1);
    expect((await sandbox.audience(id)).counts.total).toBe(25_000);
  });

  it("chains a run's batches into one session, in any order, and refuses batches after it closed", async () => {
    const { id } = await metaConnector.ensureAudience(ctx(), { name: "Run" });
    const run = (runId: string, seq: number, last: boolean) => ctx({ batch: { runId, seq, last, estimatedTotal: 30 } });
    // Concurrent sends arrive out of order; the closing batch may even come first.
    await metaConnector.addMembers(run("run-1", 3, true), id, people(20, 10));
    await metaConnector.addMembers(run("run-1", 1, false), id, people(0, 10));
    await metaConnector.addMembers(run("run-1", 1, false), id, people(0, 10)); // a retried batch is accepted
    await metaConnector.addMembers(run("run-1", 2, false), id, people(10, 10));
    const late = await thrown(metaConnector.addMembers(run("run-1", 4, false), id, people(30, 10)));
    expect(late).toMatchObject({ kind: "payload", message: expect.stringContaining("already finished") });
    await sandbox.configure({ sessionOrder: "strict" });
    const gap = await thrown(metaConnector.addMembers(run("run-2", 2, false), id, people(40, 10)));
    expect(gap.message).toContain("must start with batch_seq 1");
    await metaConnector.addMembers(run("run-2", 1, false), id, people(40, 10));
    expect((await thrown(metaConnector.addMembers(run("run-2", 3, false), id, people(50, 10)))).message).toContain("out of order");
    const sessions = await fetch(`${server.url}/v24.0/${id}/sessions?access_token=${TOKEN}`).then((r) => r.json());
    expect(sessions.data[0]).toEqual(expect.objectContaining({ num_received: 40, progress: 100, stage: "finished" }));
  });

  it("reports people without identifiers and refused values as invalid, keyed to the right person", async () => {
    const { id } = await metaConnector.ensureAudience(ctx(), { name: "Invalid" });
    const items = [...people(0, 3), { key: "nobody" }];
    await sandbox.configure({ rejectHashes: [emailHash(items[1]!)] });
    const result = await metaConnector.addMembers(ctx(), id, items);
    expect(result.items).toEqual([
      { key: "0", status: "ok" },
      { key: "1", status: "invalid", code: "meta_invalid_entry", message: expect.stringContaining("Rejected") },
      { key: "2", status: "ok" },
      { key: "nobody", status: "invalid", code: "no_identifier", message: expect.any(String) },
    ]);
    expect(result.stats).toMatchObject({ num_received: 3, num_invalid_entries: 1 });
  });

  it("read-back equals what was added minus what was removed", async () => {
    const { id } = await metaConnector.ensureAudience(ctx(), { name: "Mirror" });
    const all = people(0, 300);
    await metaConnector.addMembers(ctx(), id, all);
    const removed = await metaConnector.removeMembers(ctx(), id, all.slice(0, 100));
    expect(removed.items.every((r) => r.status === "ok")).toBe(true);
    expect(rec.calls.at(-1)!.method).toBe("DELETE");
    const members = await sandbox.members(id);
    expect(members.map((m) => m.email_hash).sort()).toEqual(all.slice(100).map(emailHash).sort());
    expect(members[0]!.phone_hash).toBe(sha256Hex(metaPhone(all.find((p) => emailHash(p) === members[0]!.email_hash)!.phone!.e164)));
  });
});

describe("Meta connector: errors", () => {
  it("surfaces throttling as retryable with the BUC regain time, and recovers", async () => {
    const { id } = await metaConnector.ensureAudience(ctx(), { name: "Throttle" });
    await sandbox.configure({
      faults: [
        { routes: ["addUsers"], times: 1, retryAfterSeconds: 120 },
        { routes: ["addUsers"], times: 1, code: 613, subcode: 1487742 },
      ],
    });
    const buc = await thrown(metaConnector.addMembers(ctx(), id, people(0, 5)));
    expect(buc).toMatchObject({ kind: "retryable", details: { platformCode: 80003, retryAfterMs: 120_000 } });
    const calls = await thrown(metaConnector.addMembers(ctx(), id, people(0, 5)));
    expect(calls).toMatchObject({ kind: "retryable", details: { platformCode: "613/1487742", retryAfterMs: 60_000 } });
    expect((await metaConnector.addMembers(ctx(), id, people(0, 5))).items).toHaveLength(5);
  });

  it("classifies 5xx as retryable and auth failures mid-sync as auth", async () => {
    const { id } = await metaConnector.ensureAudience(ctx(), { name: "Errors" });
    await sandbox.configure({ faults: [{ times: 1, code: 2, status: 500 }] });
    expect(await thrown(metaConnector.addMembers(ctx(), id, people(0, 1)))).toMatchObject({ kind: "retryable" });
    await sandbox.configure({ expiredTokens: [TOKEN] });
    expect(await thrown(metaConnector.addMembers(ctx(), id, people(0, 1)))).toMatchObject({
      kind: "auth",
      details: { authReason: "credentials", platformCode: "190/463" },
    });
  });

  it("reports a refused shrink per person (not removed), and treats a flagged audience as permanent", async () => {
    const { id } = await metaConnector.ensureAudience(ctx(), { name: "Flagged" });
    await metaConnector.addMembers(ctx(), id, people(0, 50));
    await sandbox.configure({ refuseRemovalBelow: 30 });
    const shrink = await metaConnector.removeMembers(ctx(), id, people(0, 40));
    expect(shrink.items).toHaveLength(40);
    expect(shrink.items.every((r) => r.status === "failed" && r.code === REMOVAL_REFUSED && r.message!.includes("fewer than 30"))).toBe(
      true,
    );
    expect((await sandbox.audience(id)).counts.total).toBe(50);
    await sandbox.configure({ flaggedAudiences: [id] });
    expect(await thrown(metaConnector.addMembers(ctx(), id, people(0, 1)))).toMatchObject({
      kind: "permanent",
      details: { platformCode: "100/1713230" },
    });
  });

  it("maps a network failure to retryable", async () => {
    const dead = ctx({ settings: metaSettingsSchema.parse({ adAccountId: "1", apiBaseUrl: "http://127.0.0.1:1/v24.0" }) });
    expect(await thrown(metaConnector.addMembers(dead, "1", people(0, 1)))).toMatchObject({
      kind: "retryable",
      message: expect.stringContaining("Could not reach Meta"),
    });
  });
});

describe("Meta connector: stats", () => {
  it("reads -1 as calculating, then the delayed, matched size bounds", async () => {
    const { id } = await metaConnector.ensureAudience(ctx(), { name: "Stats" });
    const items = people(0, 200);
    await metaConnector.addMembers(ctx(), id, items);
    expect(await metaConnector.getAudienceStats!(ctx(), id)).toMatchObject({
      sizeLowerBound: null,
      sizeUpperBound: null,
      status: "calculating",
    });
    await sandbox.configure({ countThreshold: 0 });
    const matched = items.filter((p) => hashMatches(emailHash(p), 0.7) || hashMatches(sha256Hex(metaPhone(p.phone!.e164)), 0.7)).length;
    expect(matched).toBeGreaterThan(100);
    expect(await metaConnector.getAudienceStats!(ctx(), id)).toMatchObject({
      sizeLowerBound: Math.floor(matched * 0.9),
      sizeUpperBound: Math.ceil(matched * 1.1),
      status: "Normal",
    });
    await sandbox.configure({ countDelaySeconds: 3600 });
    expect(await metaConnector.getAudienceStats!(ctx(), id)).toMatchObject({ sizeLowerBound: null });
  });

  it("counts rows, not identifiers: 10,000 people with three identifiers each are one call", async () => {
    const { id } = await metaConnector.ensureAudience(ctx(), { name: "Rows" });
    rec.clear();
    const result = await metaConnector.addMembers(ctx(), id, people(0, 10_000, { externalId: true }));
    const rows = rec.calls.map((c) => (c.json as { payload: { data: string[][] } }).payload.data);
    expect(rows.map((r) => r.length)).toEqual([10_000]);
    expect(rows[0]![0]!.filter(Boolean)).toHaveLength(3); // email, phone and external id in one row
    expect(result.stats).toMatchObject({ num_received: 10_000, requests: 1 });
  });

  it("calls a live Marketing API version: the default, and a saved address on an expired one", () => {
    const parse = (apiBaseUrl?: string) => metaSettingsSchema.parse({ adAccountId: "1", ...(apiBaseUrl ? { apiBaseUrl } : {}) }).apiBaseUrl;
    expect(parse()).toBe(`https://graph.facebook.com/${META_API_VERSION}`);
    expect(META_API_VERSION).toBe("v27.0");
    // v24.0 (the default until this check) expired 2026-11-10: saved destinations move on.
    expect(parse("https://graph.facebook.com/v24.0")).toBe("https://graph.facebook.com/v27.0");
    expect(parse("https://graph.facebook.com/v24.0/")).toBe("https://graph.facebook.com/v27.0");
    expect(parse("https://graph.facebook.com/v25.0")).toBe("https://graph.facebook.com/v25.0"); // live until 2027-02-23
    // Anything but Meta's own host keeps its address: emulators, proxies.
    expect(parse("http://127.0.0.1:9/v24.0")).toBe("http://127.0.0.1:9/v24.0");
    expect(liveGraphBaseUrl("https://graph.facebook.com.example.org/v24.0")).toBe("https://graph.facebook.com.example.org/v24.0");
  });

  it("declares Meta's limits", () => {
    expect(metaConnector).toMatchObject({
      maxBatchSize: 10_000,
      visibilityDelayHours: 24,
      minimumAudienceSize: 100,
      supportedIdentifiers: ["email", "phone", "external_id"],
    });
    expect(person(1).email!.normalized).toBe("person1@example.com");
  });
});
