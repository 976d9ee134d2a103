import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { createDestination } from "@/lib/destinations/create-destination";
import { testDestination } from "@/lib/destinations/test-destination";
import { decideChangeRequest, listChangeRequests } from "@/lib/launch/change-requests";
import { launchChecklist } from "@/lib/launch/launch-checklist";
import { updateLaunchSettings } from "@/lib/launch/launch-settings";
import { recordSignoff } from "@/lib/launch/record-signoff";
import { segmentChangeImpact } from "@/lib/launch/segment-impact";
import { updateLaunchPlan } from "@/lib/launch/update-launch-plan";
import { createSegment } from "@/lib/segments/create-segment";
import { updateSegment } from "@/lib/segments/update-segment";
import { createSuppressionRule } from "@/lib/suppression/save-suppression-rule";
import { createSync } from "@/lib/sync/create-sync";
import { seedPeople } from "@/lib/sync/testing/fixtures";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";
import { setSyncState, updateSync } from "@/lib/sync/update-sync";

// The launch checklist, the go-live gate, approvals and the risky-edit guard, through the domain
// functions the console, the API and config as code all call.

const editor: Actor = { type: "user", id: "u-ed", label: "ed@x.test", role: "editor" };
const admin: Actor = { type: "user", id: "u-ad", label: "ad@x.test", role: "admin" };
const SECRET = "launch-secret-0123456789";
const everyoneWithEmail = { conditions: [{ type: "identifier", identifier: "email" }] };
const onlyWithPhone = { conditions: [{ type: "identifier", identifier: "phone" }] };
let rx: Receiver;
let destinationId: string;
let segmentId: string;

beforeAll(async () => {
  rx = await startReceiver(SECRET);
  await seedPeople(90); // everyone has an email, every third person a phone
  await db().user.createMany({
    data: [
      { id: "u-ed", email: "ed@x.test", role: "editor" },
      { id: "u-ad", email: "ad@x.test", role: "admin" },
    ],
  });
  destinationId = (
    await createDestination(editor, { name: "Hook", kind: "webhook", settings: { url: rx.url }, credentials: { signingSecret: SECRET } })
  ).id;
  segmentId = (await createSegment(editor, { name: "Reachable by email", definition: everyoneWithEmail })).segment.id;
});
afterAll(() => rx.close());

const status = async (syncId: string) => Object.fromEntries((await launchChecklist(syncId)).gates.map((g) => [g.key, g.status]));

describe("launch checklist and the go-live gate", () => {
  it("turns green gate by gate from real facts, and refuses the go-live until then unless an admin overrides", async () => {
    const sync = await createSync(editor, { name: "Promo audience", segmentId, destinationId, identifiers: ["email"] });
    expect(await status(sync.id)).toEqual({
      connection: "failed",
      identity: "failed",
      segment: "passed",
      suppression: "failed",
      validation: "failed",
      alerts: "failed",
      measurement: "failed",
    });
    const refused = setSyncState(editor, sync.id, { state: "live" });
    await expect(refused).rejects.toMatchObject({
      code: "conflict",
      details: { gates: expect.arrayContaining(["validation", "identity"]) },
    });
    await expect(setSyncState(editor, sync.id, { state: "live", override: "I know" })).rejects.toMatchObject({ code: "forbidden" });

    await testDestination(editor, destinationId);
    await recordSignoff(editor, sync.id, { kind: "review", gate: "identity" });
    const buyers = await createSegment(editor, {
      name: "Bought",
      definition: { conditions: [{ type: "event", event: "order_completed" }] },
    });
    await createSuppressionRule(editor, { name: "Recent buyers", segmentId: buyers.segment.id });
    await db().validationRun.create({
      data: { syncId: sync.id, state: "passed", requestedBy: "ed@x.test", method: "read_back", finishedAt: new Date() },
    });
    const channel = await db().notificationChannel.create({ data: { name: "Growth on-call", kind: "email" } });
    await db().alertRule.create({ data: { name: "Run failed", kind: "run_failed", severity: "critical", channelIds: [channel.id] } });
    await updateLaunchPlan(editor, sync.id, { alertOwnerId: "u-ed" });
    await updateSync(editor, sync.id, { holdoutPercent: 10 });

    const checklist = await launchChecklist(sync.id);
    expect(checklist.ready).toBe(true);
    const byKey = Object.fromEntries(checklist.gates.map((g) => [g.key, g]));
    expect(byKey.identity!.summary).toBe("Reviewed by ed@x.test at 100% matchable.");
    expect(byKey.suppression!.summary).toBe("Buyers leave this audience: “Recent buyers” (members of Bought).");
    expect(byKey.validation!.summary).toBe("Validated today (verified by read back).");
    expect(byKey.alerts!.summary).toBe("ed@x.test owns alerts; “Run failed” → Growth on-call.");
    expect(byKey.measurement!.summary).toBe("10% held out, measured on order_completed.");

    // Sending another identifier is a different match-rate ceiling: the review no longer counts.
    await updateSync(editor, sync.id, { identifiers: ["email", "phone"] });
    expect((await launchChecklist(sync.id)).failing).toEqual(["identity"]);
    await recordSignoff(editor, sync.id, { kind: "review", gate: "identity" });
    // With approvals on, the editor's go-live (gates all green) waits for an admin; then it is live.
    await updateLaunchSettings(admin, { approvalsEnabled: true });
    try {
      const asked = await setSyncState(editor, sync.id, { state: "live" });
      expect([asked.state, (await launchChecklist(sync.id)).pendingRequestId]).toEqual(["draft", asked.changeRequestId]);
      await decideChangeRequest(admin, asked.changeRequestId!, { decision: "approve" });
    } finally {
      await updateLaunchSettings(admin, { approvalsEnabled: false });
    }
    expect((await db().sync.findUniqueOrThrow({ where: { id: sync.id } })).state).toBe("live");
    expect((await launchChecklist(sync.id)).override).toBeNull();
  });

  it("lets a person waive only the waivable gates, with a reason, and records an admin override in the audit log", async () => {
    const sync = await createSync(editor, { name: "Order updates", segmentId, destinationId, promotional: false });
    expect((await launchChecklist(sync.id)).gates.find((g) => g.key === "suppression")!.status).toBe("not_applicable");
    await expect(recordSignoff(editor, sync.id, { kind: "waiver", gate: "validation", reason: "no time" })).rejects.toThrow(
      /cannot be waived|Only the/,
    );
    await expect(recordSignoff(editor, sync.id, { kind: "waiver", gate: "measurement", reason: "" })).rejects.toThrow();
    await recordSignoff(editor, sync.id, { kind: "waiver", gate: "measurement", reason: "Service messages are not measured" });
    const measurement = (await launchChecklist(sync.id)).gates.find((g) => g.key === "measurement")!;
    expect([measurement.status, measurement.summary]).toEqual(["waived", "Waived by ed@x.test today: “Service messages are not measured”"]);

    await setSyncState(admin, sync.id, { state: "live", override: "Transactional: launched with the CRM team's own QA" });
    const checklist = await launchChecklist(sync.id);
    expect(checklist.override).toMatchObject({ by: "ad@x.test", reason: "Transactional: launched with the CRM team's own QA" });
    expect(checklist.override!.gates).toEqual(expect.arrayContaining(["Test-cohort validation passed"]));
    const audit = await db().auditLog.findMany({
      where: { entityId: sync.id, action: { startsWith: "sync.launch" } },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([
      ["sync.launch_waived", "ed@x.test"],
      ["sync.launch_overridden", "ad@x.test"],
    ]);
  });
});

describe("risky-edit guard and approvals", () => {
  it("refuses a change that removes most of a live audience until confirmed, with the figures per audience", async () => {
    const segment = (await createSegment(editor, { name: "Email people", definition: everyoneWithEmail })).segment;
    const sync = await createSync(admin, {
      name: "Meta-like",
      segmentId: segment.id,
      destinationId,
      state: "live",
      override: "Test fixture",
    });
    // The save dialog's figures: nothing to show for a reordering, the audience's loss for a real change.
    expect((await segmentChangeImpact(editor, segment.id, everyoneWithEmail)).audiences).toEqual([]);
    expect((await segmentChangeImpact(editor, segment.id, onlyWithPhone)).audiences).toMatchObject([
      { syncName: "Meta-like", removed: 60 },
    ]);
    const attempt = updateSegment(editor, segment.id, { definition: onlyWithPhone });
    await expect(attempt).rejects.toMatchObject({
      code: "conflict",
      message:
        "This change needs a confirmation: “Meta-like” would lose 60 of 90 people. Check the definition, or confirm the change to save it.",
      details: { audiences: [expect.objectContaining({ syncId: sync.id, current: 90, after: 30, added: 0, removed: 60, risky: true })] },
    });
    expect((await db().segment.findUniqueOrThrow({ where: { id: segment.id } })).version).toBe(1);
    // A small change passes without asking.
    await updateSegment(editor, segment.id, { name: "Email people (all)" });
    const saved = await updateSegment(editor, segment.id, { definition: onlyWithPhone, confirmRisk: true });
    expect([saved.versionCreated, saved.segment.version]).toEqual([true, 2]);
  });

  it("with approvals on, holds an editor's go-live and live-segment change as requests until an admin decides", async () => {
    await updateLaunchSettings(admin, { approvalsEnabled: true });
    try {
      const segment = (await createSegment(editor, { name: "Phone people", definition: onlyWithPhone })).segment;
      const live = await createSync(admin, {
        name: "Live phone",
        segmentId: segment.id,
        destinationId,
        state: "live",
        override: "Fixture",
      });
      const pending = await updateSegment(editor, segment.id, { definition: everyoneWithEmail });
      expect(pending).toMatchObject({ versionCreated: false, changeRequestId: expect.any(String) });
      expect((await db().segment.findUniqueOrThrow({ where: { id: segment.id } })).version).toBe(1);
      const [request] = await listChangeRequests({ entityType: "segment", entityId: segment.id });
      expect(request).toMatchObject({ status: "pending", requestedBy: "ed@x.test", title: "Change “Phone people”" });
      expect(request!.diff).toMatchObject({
        audiences: [expect.objectContaining({ syncId: live.id, current: 30, added: 60, removed: 0 })],
      });

      await expect(decideChangeRequest(editor, request!.id, { decision: "approve" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(decideChangeRequest(admin, request!.id, { decision: "reject" })).rejects.toThrow(/why/);
      expect(await decideChangeRequest(admin, request!.id, { decision: "approve", comment: "Looks right" })).toMatchObject({
        status: "approved",
        decidedBy: "ad@x.test",
      });
      expect((await db().segment.findUniqueOrThrow({ where: { id: segment.id } })).version).toBe(2);

      // A go-live by an editor, gates open: refused outright (approval never bypasses the checklist).
      const draft = await createSync(editor, { name: "Draft phone", segmentId: segment.id, destinationId });
      await expect(setSyncState(editor, draft.id, { state: "live" })).rejects.toMatchObject({ code: "conflict" });
    } finally {
      await updateLaunchSettings(admin, { approvalsEnabled: false });
    }
  });
});
