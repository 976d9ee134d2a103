import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
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

  it("sends positional id_schema / batch_data and splits at 10,000 people", async () => {
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
          // E.164 with "+", TikTok's recommended phone form.
          { id: "8a59780bb8cd2ba022bfa5ba2ea3b6e07af17a7d8b30c1f9b3390e36f69019e4", audience_ids: [id] },
        ],
      ],
    });
    rec.clear();
    await tiktokConnector.addMembers(ctx(), id, people(0, 12_000, { phone: false }));
    expect(mappings().map((c) => (c.json as { batch_data: unknown[] }).batch_data.length)).toEqual([10_000, 2_000]);
    expect((await sandbox.audience(id)).counts.total).toBe(12_001);
  });

  it("counts ids, not people: 10,000 people holding 14,000 ids go in two calls of at most 10,000 ids", async () => {
    const { id } = await tiktokConnector.ensureAudience(ctx(), { name: "Ids" });
    const mixed = [...people(0, 4_000), ...people(4_000, 6_000, { phone: false })]; // 8,000 + 6,000 = 14,000 ids
    const result = await tiktokConnector.addMembers(ctx(), id, mixed);
    const sent = mappings().map((c) => (c.json as { batch_data: Record<string, unknown>[][] }).batch_data);
    const idsIn = (rows: Record<string, unknown>[][]) => rows.flat().filter((cell) => "id" in cell).length;
    expect(sent.map(idsIn)).toEqual([10_000, 4_000]);
    expect(sent.map((rows) => rows.length)).toEqual([6_000, 4_000]); // 4,000×2 + 2,000×1 ids, then 4,000×1
    expect(result.stats).toMatchObject({ rows: 10_000, ids: 14_000, requests: 2 });
    expect((await sandbox.audience(id)).counts.total).toBe(10_000);
    // The emulator holds TikTok's limit in ids too: a connector counting people would be refused.
    rec.clear();
    await sandbox.configure({ maxIds: 3 });
    expect(await thrown(tiktokConnector.addMembers(ctx(), id, people(0, 2)))).toMatchObject({
      kind: "payload",
      message: expect.stringContaining("at most 3 ids"),
    });
  });

  it("sends a +tag email unchanged by default, so it matches that user and nobody else", async () => {
    const { id } = await tiktokConnector.ensureAudience(ctx(), { name: "Plus tags" });
    // Two different TikTok users: the +tag address and the address without it.
    await sandbox.configure({ users: { emails: ["Jane.Doe+Promo@Example.com", "jane.doe@example.com"], phones: [] } });
    const jane = { key: "jane", email: { normalized: "jane.doe+promo@example.com", sha256: sha256Hex("jane.doe+promo@example.com") } };
    await tiktokConnector.addMembers(ctx(), id, [jane]);
    const cell = (c: (typeof rec.calls)[number]) => (c.json as { batch_data: { id: string }[][] }).batch_data[0]![0]!.id;
    expect(cell(mappings()[0]!)).toBe(sha256Hex("jane.doe+promo@example.com"));
    const [sent] = await sandbox.members(id);
    expect(sent).toMatchObject({ email_hash: sha256Hex("jane.doe+promo@example.com"), matched: true });

    // Opting in to +tag removal sends another person's address: it matches jane.doe@…, not Jane.
    const { id: stripped } = await tiktokConnector.ensureAudience(ctx(), { name: "Plus tags removed" });
    await tiktokConnector.addMembers(ctx({ removeEmailPlusTag: true }), stripped, [jane]);
    expect(cell(mappings()[1]!)).toBe(sha256Hex("jane.doe@example.com"));
    expect((await sandbox.members(stripped))[0]).toMatchObject({ matched: true }); // the other person
    await sandbox.configure({ users: { emails: ["Jane.Doe+Promo@Example.com"], phones: [] } });
    const { id: alone } = await tiktokConnector.ensureAudience(ctx(), { name: "Plus tags removed, Jane only" });
    await tiktokConnector.addMembers(ctx({ removeEmailPlusTag: true }), alone, [jane]);
    expect((await sandbox.members(alone))[0]).toMatchObject({ email_hash: sha256Hex("jane.doe@example.com"), matched: false });
  });

  it("matches phones in TikTok's documented forms, with or without the +", async () => {
    await sandbox.configure({ users: { emails: [], phones: ["+1 657 777 0000"] } });
    const phone = { key: "p", phone: { e164: "+16577770000", sha256: sha256Hex("+16577770000") } };
    for (const phoneFormat of ["e164", "digits"] as const) {
      const { id } = await tiktokConnector.ensureAudience(ctx(), { name: `Phones ${phoneFormat}` });
      await tiktokConnector.addMembers(ctx({ phoneFormat }), id, [phone]);
      expect((await sandbox.members(id))[0]).toMatchObject({ matched: true });
    }
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

  it("defaults to TikTok's documented forms, and a destination saved under the old +tag setting follows them too", () => {
    expect(tiktokSettingsSchema.parse({ advertiserId: "1" })).toMatchObject({ phoneFormat: "e164", removeEmailPlusTag: false });
    const saved = tiktokSettingsSchema.parse({ advertiserId: "1", phoneFormat: "digits", stripEmailPlusTag: true });
    expect(saved).toMatchObject({ phoneFormat: "digits", removeEmailPlusTag: false });
    expect(saved).not.toHaveProperty("stripEmailPlusTag");
    const field = (z.toJSONSchema(tiktokSettingsSchema, { io: "input" }) as { properties: Record<string, { description?: string }> })
      .properties.removeEmailPlusTag;
    expect(field?.description).toMatch(/someone else/);
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
