import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { applyConfig } from "@/lib/config-as-code/apply-config";
import { exportConfig } from "@/lib/config-as-code/export-config";
import { readConfigText } from "@/lib/config-as-code/parse-config";
import { planConfig } from "@/lib/config-as-code/plan-config";
import { db } from "@/lib/db";
import { createDestination } from "@/lib/destinations/create-destination";
import { createSegment } from "@/lib/segments/create-segment";
import { createSuppressionRule } from "@/lib/suppression/save-suppression-rule";
import { createSync } from "@/lib/sync/create-sync";
import { setSyncState } from "@/lib/sync/update-sync";

// Configuration as code against a real workspace: export, wipe, apply the export into the empty
// workspace and export again, byte for byte; plans that say exactly what would change; files
// refused naming the path; roles and the audit log through the domain functions.

const editor: Actor = { type: "user", id: "u-editor", label: "ed@x.test", role: "editor" };
const viewer: Actor = { type: "user", id: "u-viewer", label: "vi@x.test", role: "viewer" };
const SECRET = "config-signing-secret-0123456789";
const EMPTY = { version: 1 };
let exported: string;
// Secrets live only in the environment of whoever applies the file (the CLI passes its own).
const env = { DESTINATION_GROWTH_HOOK_SIGNING_SECRET: SECRET, DESTINATION_META_ADS_ACCESS_TOKEN: "meta-token-abc" };

const doc = () => JSON.parse(exported) as Record<string, Record<string, unknown>[]>;

beforeAll(async () => {
  const buyers = await createSegment(editor, {
    name: "Recent buyers",
    refreshIntervalMinutes: 30,
    definition: { conditions: [{ type: "event", event: "Order Completed", window: { type: "last", amount: 30, unit: "days" } }] },
  });
  const vip = await createSegment(editor, {
    name: "VIP buyers",
    description: "Bought lately and reachable",
    definition: {
      match: "all",
      conditions: [
        { type: "segment", segmentId: buyers.segment.id },
        { type: "identifier", identifier: "email" },
      ],
    },
  });
  const optedOut = await createSegment(editor, {
    name: "Opted out",
    definition: { conditions: [{ type: "attribute", field: "unsubscribed", op: "is_true" }] },
  });
  const hook = await createDestination(editor, {
    name: "Growth hook",
    kind: "webhook",
    settings: { url: "http://127.0.0.1:9/hook", batchSize: 500 },
    credentials: { signingSecret: SECRET },
  });
  const meta = await createDestination(editor, {
    name: "Meta ads",
    kind: "meta",
    settings: { adAccountId: "act_1234", apiBaseUrl: "http://127.0.0.1:9/graph" },
    credentials: { accessToken: "meta-token-abc" },
  });
  await createSync(editor, {
    name: "VIP audience",
    segmentId: vip.segment.id,
    destinationId: meta.id,
    identifiers: ["email", "phone"],
    holdoutPercent: 10,
  });
  const hookSync = await createSync(editor, {
    name: "Buyers to warehouse hook",
    segmentId: buyers.segment.id,
    destinationId: hook.id,
    promotional: false,
    scheduleCron: "0 */6 * * *",
  });
  await setSyncState(editor, hookSync.id, { state: "paused" });
  await createSuppressionRule(editor, { name: "Respect opt-outs", segmentId: optedOut.segment.id });
  await createSuppressionRule(editor, {
    name: "No VIPs on the hook",
    segmentId: vip.segment.id,
    scope: "selected",
    syncIds: [hookSync.id],
  });
  exported = (await exportConfig(viewer)).text;
});

describe("config export", () => {
  it("writes stable keys and references, settings but never secrets, sorted, with a trailing newline", () => {
    expect(exported.endsWith("}\n")).toBe(true);
    expect(exported).not.toContain(SECRET);
    expect(exported).not.toContain("meta-token-abc");
    const d = doc();
    expect(d.segments!.map((s) => s.key)).toEqual(["opted-out", "recent-buyers", "vip-buyers"]);
    expect(d.segments![2]!.definition).toEqual({
      version: 1,
      match: "all",
      conditions: [
        { type: "segment", segment: "recent-buyers", membership: "in" },
        { type: "identifier", identifier: "email", present: true },
      ],
    });
    expect(d.destinations).toEqual([
      {
        key: "growth-hook",
        name: "Growth hook",
        kind: "webhook",
        settings: { url: "http://127.0.0.1:9/hook", headers: {}, batchSize: 500, timeoutMs: 30000, hashedOnly: false },
        credentialsFromEnv: { signingSecret: "DESTINATION_GROWTH_HOOK_SIGNING_SECRET" },
      },
      expect.objectContaining({
        key: "meta-ads",
        credentialsFromEnv: { accessToken: "DESTINATION_META_ADS_ACCESS_TOKEN" },
        settings: expect.objectContaining({ adAccountId: "1234" }),
      }),
    ]);
    expect(d.syncs!.map((s) => [s.key, s.segment, s.destination, s.state])).toEqual([
      ["buyers-to-warehouse-hook", "recent-buyers", "growth-hook", "paused"],
      ["vip-audience", "vip-buyers", "meta-ads", "draft"],
    ]);
    expect(d.suppressionRules!.map((r) => [r.key, r.segment, r.scope, r.syncs])).toEqual([
      ["no-vips-on-the-hook", "vip-buyers", "selected", ["buyers-to-warehouse-hook"]],
      ["respect-opt-outs", "opted-out", "all_promotional", []],
    ]);
    expect(JSON.stringify(d)).not.toMatch(/"c[a-z0-9]{20,}"/); // no database ids
  });

  it("plans no changes for the unchanged file", async () => {
    const plan = await planConfig(editor, JSON.parse(exported));
    expect(plan.changes).toEqual([]);
    expect(plan.text).toMatch(/^No changes/);
  });
});

describe("config plan", () => {
  it("shows creates, updates with their field diff, and deletes that only happen with prune", async () => {
    const d = doc();
    d.syncs![1]!.intervalMinutes = 60;
    d.segments![1]!.definition = {
      ...(d.segments![1]!.definition as object),
      conditions: [{ type: "event", event: "Order Completed", window: { type: "last", amount: 14, unit: "days" } }],
    };
    d.segments!.push({
      key: "lapsed",
      name: "Lapsed",
      definition: { conditions: [{ type: "segment", segment: "recent-buyers", membership: "not_in" }] },
    });
    d.suppressionRules = d.suppressionRules!.filter((r) => r.key !== "respect-opt-outs");
    const plan = await planConfig(editor, d);
    expect(plan.changes.map((c) => [c.action, c.section, c.key, c.skipped])).toEqual([
      ["create", "segments", "lapsed", false],
      ["update", "segments", "recent-buyers", false],
      ["update", "syncs", "vip-audience", false],
      ["delete", "suppressionRules", "respect-opt-outs", true],
    ]);
    expect(plan.changes[1]!.fields).toEqual([{ path: "definition.conditions[0].window.amount", before: 30, after: 14 }]);
    expect(plan.text).toContain("    intervalMinutes: 15 → 60");
    expect(plan.text).toContain(
      "- delete suppression rule respect-opt-outs (“Respect opt-outs”)  (not deleted: apply deletes only with --prune)",
    );
    expect((await planConfig(editor, d, { prune: true })).changes.at(-1)!.skipped).toBe(false);
  });

  it("reads an untidy file as the console would store it: no change to plan", async () => {
    const d = doc();
    d.segments![1]!.name = "  Recent buyers ";
    d.syncs![1]!.scheduleCron = "";
    d.syncs![1]!.remoteAudienceName = "VIP audience ";
    d.destinations![0]!.name = "Growth hook ";
    delete d.segments![0]!.description; // defaults are optional
    expect((await planConfig(editor, d)).changes).toEqual([]);
  });

  it("refuses a file with an unknown field, naming its path", async () => {
    const d = doc();
    (d.segments![2]!.definition as Record<string, unknown>).foo = 1;
    await expect(planConfig(editor, d)).rejects.toMatchObject({
      code: "validation_failed",
      details: { issues: [{ path: "segments[2].definition.foo", message: "Unknown field" }] },
    });
    const e = doc();
    e.syncs![0]!.holdout = 5;
    (e.destinations![0]!.settings as Record<string, unknown>).batchsize = 10;
    (e.segments![2]!.definition as { conditions: Record<string, unknown>[] }).conditions[1]!.presnt = true;
    const err = await planConfig(editor, e).catch((x) => x);
    expect(err.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      "destinations[0].settings.batchsize",
      "segments[2].definition.conditions[1].presnt",
      "syncs[0].holdout",
    ]);
    expect(err.message).toContain("syncs[0].holdout: Unknown field");
  });

  it("refuses a segment that refers to a missing segment, a sync on a missing destination, and database ids", async () => {
    const d = doc();
    d.segments = d.segments!.filter((s) => s.key !== "recent-buyers");
    const err = await planConfig(editor, d).catch((x) => x);
    expect(err.details.issues).toEqual(
      expect.arrayContaining([
        { path: "segments[1].definition.conditions[0].segment", message: "No segment with key “recent-buyers” in this file" },
        { path: "syncs[0].segment", message: "No segment with key “recent-buyers” in this file" },
      ]),
    );
    const e = doc();
    e.syncs![0]!.destination = "gone";
    (e.segments![2]!.definition as { conditions: Record<string, unknown>[] }).conditions[0] = { type: "segment", segmentId: "cabc123" };
    const err2 = await planConfig(editor, e).catch((x) => x);
    expect(err2.details.issues).toEqual(
      expect.arrayContaining([
        { path: "syncs[0].destination", message: "No destination with key “gone” in this file" },
        expect.objectContaining({ path: "segments[2].definition.conditions[0].segmentId" }),
      ]),
    );
  });

  it("reads credentials only from DESTINATION_… variables, never the server's own secrets", async () => {
    const d = doc();
    d.destinations![0]!.credentialsFromEnv = { signingSecret: "ENCRYPTION_KEY", authorization: "DESTINATION_HOOK_AUTH" };
    const err = await planConfig(editor, d).catch((x) => x);
    expect(err.details.issues).toEqual([
      { path: "destinations[0].credentialsFromEnv.signingSecret", message: expect.stringContaining("DESTINATION_") },
    ]);
  });

  it("refuses loops between segments and values the domain refuses", async () => {
    const d = doc();
    d.segments![1]!.definition = { conditions: [{ type: "segment", segment: "vip-buyers" }] };
    d.syncs![0]!.holdoutPercent = 90;
    const err = await planConfig(editor, d).catch((x) => x);
    expect(err.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["syncs[0].holdoutPercent"]));
    expect(err.message).toMatch(/loop/);
    expect(() => readConfigText("{ not json")).toThrow(/not valid JSON/);
  });

  it("is refused to viewers", async () => {
    await expect(planConfig(viewer, JSON.parse(exported))).rejects.toMatchObject({ code: "forbidden" });
    await expect(applyConfig(viewer, JSON.parse(exported))).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("config apply", () => {
  it("reproduces the export byte for byte in an emptied workspace, idempotently, with audit entries", async () => {
    const wipe = await applyConfig(editor, EMPTY, { prune: true });
    expect(wipe.applied).toBe(9);
    expect(await db().segment.count({ where: { archivedAt: null } })).toBe(0);
    expect(await db().destination.count()).toBe(0);

    const first = await applyConfig(editor, JSON.parse(exported), { env });
    expect(first.plan.changes.every((c) => c.action === "create")).toBe(true);
    expect(first.applied).toBe(9);
    expect((await exportConfig(viewer)).text).toBe(exported);

    const again = await applyConfig(editor, JSON.parse(exported), { env });
    expect(again.applied).toBe(0);
    expect(again.plan.text).toMatch(/^No changes/);

    const actions = (await db().auditLog.findMany({ where: { actorLabel: editor.label }, select: { action: true } })).map((a) => a.action);
    expect(actions.filter((a) => a === "config.applied")).toHaveLength(2);
    const summary = await db().auditLog.findFirstOrThrow({ where: { action: "config.applied" }, orderBy: { id: "desc" } });
    expect(summary).toMatchObject({ entityType: "configuration", actorLabel: editor.label, after: { prune: false } });
    expect((summary.after as { changes: unknown[] }).changes).toContainEqual({ section: "syncs", key: "vip-audience", action: "create" });
    expect(actions).toEqual(
      expect.arrayContaining([
        "segment.deleted",
        "destination.deleted",
        "sync.deleted",
        "suppression_rule.deleted",
        "segment.created",
        "destination.created",
        "sync.created",
        "sync.paused",
        "suppression_rule.created",
      ]),
    );
  });

  it("applies an update through the domain functions and leaves credentials alone", async () => {
    const d = doc();
    d.syncs![1]!.intervalMinutes = 60;
    d.destinations![0]!.name = "Growth webhook";
    d.destinations![0]!.key = "growth-webhook";
    d.syncs![0]!.destination = "growth-webhook";
    // Renaming is a new key: the plan refuses moving a sync to another destination.
    await expect(applyConfig(editor, d)).rejects.toMatchObject({
      code: "validation_failed",
      message: expect.stringContaining("destination cannot change on an existing sync"),
    });
    const e = doc();
    e.syncs![1]!.intervalMinutes = 60;
    const result = await applyConfig(editor, e);
    expect(result.applied).toBe(1);
    expect((await db().sync.findFirstOrThrow({ where: { name: "VIP audience" } })).intervalMinutes).toBe(60);
    expect((await db().auditLog.findFirstOrThrow({ where: { action: "sync.updated" }, orderBy: { id: "desc" } })).after).toMatchObject({
      intervalMinutes: 60,
    });
  });

  it("refuses to create a destination whose credentials are in no environment variable, or over the API", async () => {
    await applyConfig(editor, EMPTY, { prune: true });
    const partial = { env: { DESTINATION_GROWTH_HOOK_SIGNING_SECRET: SECRET } };
    const plan = await planConfig(editor, JSON.parse(exported), partial);
    expect(plan.text).toContain(
      "problem: Creating it needs its Access token: set the environment variable DESTINATION_META_ADS_ACCESS_TOKEN",
    );
    expect(plan.text).toContain("note: signingSecret from the environment variable DESTINATION_GROWTH_HOOK_SIGNING_SECRET");
    await expect(applyConfig(editor, JSON.parse(exported), partial)).rejects.toMatchObject({ code: "validation_failed" });
    // No env (the API): the server's own environment is never read on a caller's behalf.
    await expect(applyConfig(editor, JSON.parse(exported))).rejects.toMatchObject({
      message: expect.stringContaining("the API does not read the server's environment"),
    });
    expect(await db().segment.count({ where: { archivedAt: null } })).toBe(0); // nothing half-done
  });
});
