import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { createDestination } from "@/lib/destinations/create-destination";
import { destinationKinds } from "@/lib/destinations/destination-form";
import { getDestination } from "@/lib/destinations/list-destinations";
import { testDestination } from "@/lib/destinations/test-destination";
import { updateDestination } from "@/lib/destinations/update-destination";
import { listSuppressionRules } from "@/lib/suppression/list-suppression-rules";
import { createSuppressionRule, updateSuppressionRule } from "@/lib/suppression/save-suppression-rule";
import { createSync } from "@/lib/sync/create-sync";
import type { CreateSyncInput } from "@/lib/sync/sync-schemas";
import { listSyncs } from "@/lib/sync/list-syncs";
import { makeSegment, seedPeople } from "@/lib/sync/testing/fixtures";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";
import { setSyncState } from "@/lib/sync/update-sync";

// Configuration through the domain functions the actions and routes call: secrets stay sealed,
// validation speaks in fields, and the Suppression page's coverage counts are right.

const editor: Actor = { type: "user", id: "u1", label: "ed@x.test", role: "editor" };
const viewer: Actor = { type: "user", id: "u2", label: "vi@x.test", role: "viewer" };
const admin: Actor = { type: "user", id: "u3", label: "ad@x.test", role: "admin" };
const SECRET = "configure-secret-0123456789";
let rx: Receiver;

beforeAll(async () => {
  rx = await startReceiver(SECRET);
  await seedPeople(100);
  await makeSegment("cart", "Cart abandoners", "p.id <= 60");
  await makeSegment("buyers", "Purchased in the last 7 days", "p.id % 4 = 0");
});
afterAll(() => rx.close());

describe("destinations", () => {
  it("derives a form per kind from the connector's schemas", () => {
    const webhook = destinationKinds().find((k) => k.kind === "webhook")!;
    expect(webhook.settings.map((f) => [f.name, f.type])).toEqual([
      ["url", "url"],
      ["headers", "headers"],
      ["batchSize", "integer"],
      ["timeoutMs", "integer"],
      ["hashedOnly", "boolean"],
    ]);
    expect(webhook.credentials.find((f) => f.name === "signingSecret")).toMatchObject({
      secret: true,
      required: true,
      label: "Signing secret",
    });
    expect(destinationKinds().map((k) => k.kind)).toEqual(expect.arrayContaining(["webhook", "warehouse"]));
  });

  it("seals secrets, never returns them, keeps them when a form leaves them blank, and tests the connection", async () => {
    await expect(createDestination(viewer, { name: "x", kind: "webhook" })).rejects.toThrow(/editor role/);
    await expect(
      createDestination(editor, { name: "x", kind: "webhook", settings: { url: "ftp://nope" }, credentials: { signingSecret: SECRET } }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    const dest = await createDestination(editor, {
      name: "Growth hook",
      kind: "webhook",
      settings: { url: rx.url },
      credentials: { signingSecret: SECRET },
    });
    expect(JSON.stringify(dest)).not.toContain(SECRET);
    expect(dest.credentialsSet).toEqual(["signingSecret"]);
    const row = await db().destination.findUniqueOrThrow({ where: { id: dest.id } });
    expect(row.credentialsEnc).not.toContain(SECRET);
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: dest.id } });
    expect(JSON.stringify({ ...audit, id: String(audit.id) })).not.toContain(SECRET);

    await updateDestination(editor, dest.id, { name: "Growth webhook", credentials: { signingSecret: "", authorization: "Bearer t" } });
    expect((await getDestination(dest.id)).credentialsSet.sort()).toEqual(["authorization", "signingSecret"]);
    expect(await testDestination(editor, dest.id)).toMatchObject({ ok: true });
    expect(await getDestination(dest.id)).toMatchObject({ lastTestOk: true, name: "Growth webhook" });
  });
});

describe("syncs and suppression rules", () => {
  it("creates syncs with one audience name per destination, and shows coverage per rule", async () => {
    const dest = await createDestination(editor, {
      name: "Hook",
      kind: "webhook",
      settings: { url: rx.url },
      credentials: { signingSecret: SECRET },
    });
    const live: CreateSyncInput = {
      name: "Cart recovery ads",
      segmentId: "cart",
      destinationId: dest.id,
      identifiers: ["email", "phone"],
      state: "live",
    };
    // Created live, a sync has no launch checklist passed yet: only an admin's override with a reason.
    await expect(createSync(editor, live)).rejects.toMatchObject({ code: "conflict" });
    await expect(createSync(editor, { ...live, override: "ok" })).rejects.toMatchObject({ code: "forbidden" });
    const promo = await createSync(admin, { ...live, override: "Reviewed by the launch team offline" });
    expect(promo.nextRunAt).not.toBeNull();
    await expect(createSync(editor, { name: "Cart recovery ads", segmentId: "cart", destinationId: dest.id })).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(createSync(editor, { name: "x", segmentId: "cart", destinationId: dest.id, scheduleCron: "every day" })).rejects.toThrow();
    const service = await createSync(editor, { name: "Order updates", segmentId: "cart", destinationId: dest.id, promotional: false });

    const rule = await createSuppressionRule(editor, { name: "Recent purchasers", segmentId: "buyers" });
    let [coverage] = await listSuppressionRules();
    expect(coverage!.syncs.map((s) => [s.name, s.heldOut, s.segmentSize])).toEqual([["Cart recovery ads", 15, 60]]);

    await updateSuppressionRule(editor, rule.id, { scope: "selected", syncIds: [service.id] });
    [coverage] = await listSuppressionRules();
    expect(coverage!.syncs.map((s) => s.name)).toEqual(["Order updates"]);
    await updateSuppressionRule(editor, rule.id, { enabled: false });
    [coverage] = await listSuppressionRules();
    expect(coverage!.syncs).toEqual([]);

    await setSyncState(editor, promo.id, { state: "paused" });
    const rows = await listSyncs();
    // A person's pause is a choice, not a failure (the engine's own pauses are: sync-health.ts).
    expect(rows.find((r) => r.id === promo.id)).toMatchObject({
      state: "paused",
      health: { state: "paused", label: "Paused", cause: "Paused by ed@x.test" },
      pausedReason: "Paused by ed@x.test",
    });
    expect(rows.find((r) => r.id === service.id)).toMatchObject({ health: { state: expect.stringMatching(/^(draft|waiting)$/) } });
  });
});
