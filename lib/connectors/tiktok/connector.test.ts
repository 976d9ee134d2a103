import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto";
import type { ConnectorContext } from "@/lib/connectors/contract";
import { ConnectorError } from "@/lib/connectors/errors";
import { sandboxClient } from "@/lib/sandbox/client";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";
import { hashMatches } from "@/lib/sandbox/store";
import { people, recordingFetch } from "@/lib/connectors/test-fixtures";
import { tiktokConnector, tiktokSettingsSchema, type TiktokCredentials, type TiktokSettings } from "@/lib/connectors/tiktok/connector";
import { createTiktokEmulator } from "@/lib/sandbox/tiktok/emulator";
import { tiktokPhone } from "@/lib/connectors/tiktok/hashing";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";

const TOKEN = SANDBOX_CREDENTIALS.tiktok.accessToken;

// Drives the TikTok connector against the emulator over real HTTP, state in real Postgres.

let server: EmulatorServer;
let sandbox: ReturnType<typeof sandboxClient>;
const rec = recordingFetch();
const ADV = "7000000000000";

beforeAll(async () => {
  server = await startEmulatorServer(createTiktokEmulator());
  sandbox = sandboxClient(server.url);
});
afterAll(() => server.close());
beforeEach(async () => {
  await sandbox.reset();
  rec.clear();
});

function ctx(settings: Record<string, unknown> = {}, token: string = TOKEN): ConnectorContext<TiktokSettings, TiktokCredentials> {
  return {
    settings: tiktokSettingsSchema.parse({ advertiserId: ADV, apiBaseUrl: `${server.url}/open_api/v1.3`, ...settings }),
    credentials: { accessToken: token },
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

const mappings = () => rec.calls.filter((c) => c.url.pathname.endsWith("/segment/mapping/"));

describe("TikTok connector", () => {
  it("connects, and tells a revoked token, a Bearer-prefixed token, a missing permission and unaccepted terms apart", async () => {
    expect(await tiktokConnector.testConnection(ctx())).toEqual({ ok: true, detail: `Connected to advertiser ${ADV} as Sandbox user.` });
    expect(rec.calls[0]!.headers.get("access-token")).toBe(TOKEN);
    await sandbox.configure({ revokedTokens: ["old"], deniedAdvertisers: ["1"], termsNotAcceptedAdvertisers: ["2"] });
    expect(await tiktokConnector.testConnection(ctx({}, "old"))).toMatchObject({
      ok: false,
      kind: "auth",
      message: expect.stringContaining("40105"),
    });
    expect(await tiktokConnector.testConnection(ctx({}, `Bearer ${TOKEN}`))).toMatchObject({
      ok: false,
      kind: "auth",
      message: expect.stringContaining('without "Bearer"'),
    });
    expect(await tiktokConnector.testConnection(ctx({ advertiserId: "1" }))).toMatchObject({ ok: false, kind: "permission" });
    expect(await tiktokConnector.testConnection(ctx({ advertiserId: "2" }))).toMatchObject({
      ok: false,
      kind: "terms",
      message: expect.stringContaining("Terms"),
    });
  });

  it("creates an audience once, however often it is ensured", async () => {
    const first = await tiktokConnector.ensureAudience(ctx(), { name: "Churn risk" });
    expect(first.created).toBe(true);
    expect(await tiktokConnector.ensureAudience(ctx(), { name: "Churn risk" })).toEqual({
      id: first.id,
      name: "Churn risk",
      created: false,
    });
    expect(await tiktokConnector.ensureAudience(ctx(), { name: "Churn risk", existingId: first.id })).toEqual({
      id: first.id,
      name: "Churn risk",
      created: false,
    });
    expect(await tiktokConnector.ensureAudience(ctx(), { name: "Churn risk", existingId: "404" })).toMatchObject({
      id: first.id,
      created: false,
    });
    expect((await sandbox.audiences()).audiences).toHaveLength(1);
    expect(rec.calls.find((c) => c.method === "POST")!.json).toEqual({
      advertiser_id: ADV,
      custom_audience_name: "Churn risk",
      action: "create",
    });
  });

  it("sends positional id_schema / batch_data and splits at 10,000 rows", async () => {
    const { id } = await tiktokConnector.ensureAudience(ctx(), { name: "Wire" });
    const jane = {
      key: "jane",
      email: { normalized: "jane.doe@example.com", sha256: sha256Hex("jane.doe@example.com") },
      phone: { e164: "+15551234567", sha256: sha256Hex("+15551234567") },
    };
    await tiktokConnector.addMembers(ctx(), id, [jane]);
    expect(mappings()[0]!.json).toEqual({
      advertiser_ids: [ADV],
      action: "add",
      id_schema: ["EMAIL_SHA256", "PHONE_SHA256"],
      batch_data: [
        [
          { id: "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d", audience_ids: [id] },
          { id: "d6736136ea896c1bfdc553e0e86e702c70d060d805696ca3e4e9e0961353860a", audience_ids: [id] },
        ],
      ],
    });
    rec.clear();
    await tiktokConnector.addMembers(ctx(), id, people(0, 12_000, { phone: false }));
    expect(mappings().map((c) => (c.json as { batch_data: unknown[] }).batch_data.length)).toEqual([10_000, 2_000]);
    expect((await sandbox.audience(id)).counts.total).toBe(12_001);
  });

  it("read-back equals what was added minus removed; cover_num arrives after the delay", async () => {
    const { id } = await tiktokConnector.ensureAudience(ctx(), { name: "Mirror" });
    const all = people(0, 300);
    await sandbox.configure({ countDelaySeconds: 3600 });
    await tiktokConnector.addMembers(ctx(), id, all);
    const removed = await tiktokConnector.removeMembers(ctx(), id, all.slice(0, 100));
    expect(removed.items.every((r) => r.status === "ok")).toBe(true);
    expect(mappings().at(-1)!.json).toMatchObject({ action: "delete" });
    const members = await sandbox.members(id);
    expect(members.map((m) => m.email_hash).sort()).toEqual(
      all
        .slice(100)
        .map((p) => p.email!.sha256)
        .sort(),
    );
    expect(await tiktokConnector.getAudienceStats!(ctx(), id)).toMatchObject({ size: 0, status: "calculating" });
    await sandbox.configure({ countDelaySeconds: 0, minimumTargetable: 10 });
    const matched = all
      .slice(100)
      .filter((p) => hashMatches(p.email!.sha256, 0.7) || hashMatches(sha256Hex(tiktokPhone(p.phone!.e164)), 0.7)).length;
    expect(await tiktokConnector.getAudienceStats!(ctx(), id)).toMatchObject({ size: matched, status: "ready" });
  });

  it("fails the whole request on one bad id, as TikTok does, and reports people without ids as invalid", async () => {
    const { id } = await tiktokConnector.ensureAudience(ctx(), { name: "Bad" });
    const items = people(0, 3);
    await sandbox.configure({ rejectHashes: [items[1]!.email!.sha256] });
    expect(await thrown(tiktokConnector.addMembers(ctx(), id, items))).toMatchObject({ kind: "payload", details: { platformCode: 40001 } });
    await sandbox.configure({ rejectHashes: [] });
    const result = await tiktokConnector.addMembers(ctx(), id, [...items, { key: "nobody" }]);
    expect(result.items.map((r) => r.status)).toEqual(["ok", "ok", "ok", "invalid"]);
  });

  it("surfaces the QPS limit and system errors as retryable, and refuses oversize batches", async () => {
    const { id } = await tiktokConnector.ensureAudience(ctx(), { name: "Throttle" });
    await sandbox.configure({ faults: [{ routes: ["mapping"] }, { routes: ["mapping"], code: 51001, status: 500 }] });
    expect(await thrown(tiktokConnector.addMembers(ctx(), id, people(0, 1)))).toMatchObject({
      kind: "retryable",
      details: { platformCode: 40100, retryAfterMs: 1000 },
    });
    expect(await thrown(tiktokConnector.addMembers(ctx(), id, people(0, 1)))).toMatchObject({
      kind: "retryable",
      details: { platformCode: 51001 },
    });
    await sandbox.configure({ maxRows: 5 });
    expect(await thrown(tiktokConnector.addMembers(ctx(), id, people(0, 6)))).toMatchObject({
      kind: "payload",
      message: expect.stringContaining("at most 5 users"),
    });
  });

  it("declares TikTok's limits", () => {
    expect(tiktokConnector).toMatchObject({
      maxBatchSize: 10_000,
      visibilityDelayHours: 48,
      minimumAudienceSize: 1000,
      supportedIdentifiers: ["email", "phone"],
    });
  });
});
