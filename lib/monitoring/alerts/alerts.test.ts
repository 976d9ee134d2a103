import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import { ensureEndpoint } from "@/lib/delivery/endpoints";
import { acknowledgeAlert } from "@/lib/monitoring/alerts/acknowledge-alert";
import { evaluateAlerts } from "@/lib/monitoring/alerts/evaluate-alerts";
import { listAlerts, type AlertView } from "@/lib/monitoring/alerts/list-alerts";
import { createAlertRule, deleteAlertRule, updateAlertRule } from "@/lib/monitoring/alerts/save-rule";
import { createMetaEmulator } from "@/lib/sandbox/meta/emulator";
import { sandboxClient } from "@/lib/sandbox/client";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";
import { startEmulatorServer } from "@/lib/sandbox/serve";
import { runSync } from "@/lib/sync/run-sync";
import { makeDestination, makeSegment, makeSync, seedPeople, setMembers } from "@/lib/sync/testing/fixtures";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";

// Real failures driven through the engine (a receiver that starts answering 401, one that
// fails every call, a platform refusing removals below its minimum, an event that stops
// arriving), then the evaluator: each alert opens once with its likely cause, is never
// repeated while it holds, and resolves once when it clears; each transition puts exactly one
// notification per channel in the delivery ledger.

const SECRET = "alerts-test-secret-0123456789";
const FAST = { maxAttempts: 2, baseMs: 5, maxMs: 20, maxThrottleWaitMs: 1_000 };
const CHANNEL = "chan-oncall";
const editor: Actor = { type: "user", id: "u-ed", label: "ed@example.com", role: "editor" };
const viewer: Actor = { type: "user", id: "u-vi", label: "vi@example.com", role: "viewer" };
let rx: Receiver;
let destinationId: string;

async function notificationsQueued(): Promise<number> {
  const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id = $1", [CHANNEL]);
  return rows[0]!.n;
}

async function alertsFor(ruleId: string): Promise<AlertView[]> {
  return (await listAlerts()).filter((a) => a.ruleId === ruleId);
}

async function run(syncId: string) {
  const r = await runSync(syncId, { trigger: "manual" }, { policy: FAST });
  if (!("runId" in r)) throw new Error(`run did not start: ${r.status}`);
  return r;
}

beforeAll(async () => {
  await seedPeople(300);
  rx = await startReceiver(SECRET);
  destinationId = (await makeDestination("webhook", { url: rx.url, batchSize: 50 }, { signingSecret: SECRET }, "CRM webhook")).id;
  await pool().query(
    `INSERT INTO notification_channels (id, name, kind, settings, updated_at) VALUES ($1, 'On-call', 'webhook', '{}', now())`,
    [CHANNEL],
  );
  await ensureEndpoint(pool(), CHANNEL, "notification");
  // The defaults notify the on-call channel, as a team would set them up.
  for (const id of ["default-run-failed", "default-auth-lost", "default-removals-refused", "default-rejected-rows"])
    await updateAlertRule(systemActor(), id, { channelIds: [CHANNEL] });
});
afterAll(() => rx.close());
beforeEach(() => {
  rx.fault = null;
});

describe("default rules against real failures", () => {
  it("a destination that starts answering 401: one alert with the credentials as cause, no repeat, one recovery", async () => {
    await makeSegment("seg-401", "Cart abandoners", "p.id <= 100");
    const sync = await makeSync({ segmentId: "seg-401", destinationId, identifiers: ["email"], name: "Cart retarget" });
    await run(sync.id);
    await evaluateAlerts();
    expect(await alertsFor("default-auth-lost")).toEqual([]);
    const before = await notificationsQueued();

    rx.fault = () => ({ status: 401, body: { error: "token expired" } });
    await setMembers("seg-401", "p.id <= 120");
    expect((await run(sync.id)).status).toBe("failed");
    await evaluateAlerts();
    await evaluateAlerts(); // the next minute: still paused, still one alert, nobody told again
    const [alert, ...more] = await alertsFor("default-auth-lost");
    expect(more).toEqual([]);
    expect(alert!.state).toBe("open");
    expect(alert!.severity).toBe("critical");
    expect(alert!.title).toContain("Cart retarget");
    expect(alert!.cause).toMatch(/CRM webhook stopped accepting Downstream's credentials at \d\d:\d\d UTC/);
    // The paused sync is the access rule's alert only: no second "run failed" about the same thing.
    expect((await alertsFor("default-run-failed")).filter((a) => a.syncId === sync.id)).toEqual([]);
    expect(await notificationsQueued()).toBe(before + 1);

    rx.fault = null;
    await db().sync.update({ where: { id: sync.id }, data: { state: "live", pausedReason: null } });
    expect((await run(sync.id)).status).toBe("succeeded");
    await evaluateAlerts();
    await evaluateAlerts();
    const [after] = await alertsFor("default-auth-lost");
    expect(after!.state).toBe("resolved");
    expect(after!.transitions.map((t) => [t.transition, t.notifications])).toEqual([
      ["opened", 1],
      ["resolved", 1],
    ]);
    expect(await notificationsQueued()).toBe(before + 2);
  });

  it("a receiver that fails every call: the run-failed alert opens once and clears once", async () => {
    await makeSegment("seg-500", "Lapsed", "p.id > 200");
    const sync = await makeSync({ segmentId: "seg-500", destinationId, identifiers: ["email"], name: "Winback" });
    rx.fault = () => ({ status: 503, body: { error: "maintenance" } });
    expect((await run(sync.id)).status).toBe("failed");
    await evaluateAlerts();
    await evaluateAlerts();
    const mine = () => alertsFor("default-run-failed").then((as) => as.filter((a) => a.syncId === sync.id));
    const [alert, ...more] = await mine();
    expect(more).toEqual([]);
    expect(alert!.summary).toMatch(/Nothing was delivered/);
    expect(alert!.figures).toMatchObject({ added: 0, failed: expect.any(Number) });
    rx.fault = null;
    expect((await run(sync.id)).status).toBe("succeeded");
    await evaluateAlerts();
    expect((await mine()).map((a) => [a.state, a.transitions.length])).toEqual([["resolved", 2]]);
  });

  it("rejected rows escalate from warning to critical with one notification for the change", async () => {
    await makeSegment("seg-rej", "Newsletter", "p.id <= 100");
    const sync = await makeSync({ segmentId: "seg-rej", destinationId, identifiers: ["email"], name: "Newsletter audience" });
    const before = await notificationsQueued();
    // 10 of 100 refused (10%: above the 5% default, below the 25% critical line).
    rx.fault = (req) => ({ rejectKeys: req.members.filter((m) => Number(m.key.replace(/\D/g, "")) % 10 === 0).map((m) => m.key) });
    await run(sync.id);
    await evaluateAlerts();
    const [warning] = await alertsFor("default-rejected-rows").then((as) => as.filter((a) => a.syncId === sync.id));
    expect(warning!.severity).toBe("warning");
    expect(warning!.cause).toMatch(/Most were refused with “unknown customer”/);
    // Next run: 30 of the next batch are refused too.
    await setMembers("seg-rej", "p.id <= 200");
    rx.fault = (req) => ({ rejectKeys: req.members.filter((m) => Number(m.key.replace(/\D/g, "")) % 3 === 0).map((m) => m.key) });
    await run(sync.id);
    await evaluateAlerts();
    await evaluateAlerts();
    const [critical, ...more] = await alertsFor("default-rejected-rows").then((as) => as.filter((a) => a.syncId === sync.id));
    expect(more).toEqual([]);
    expect(critical!.id).toBe(warning!.id);
    expect(critical!.severity).toBe("critical");
    expect(critical!.transitions.map((t) => t.transition)).toEqual(["opened", "severity_changed"]);
    expect(await notificationsQueued()).toBe(before + 2);
  });
});

describe("a platform refusing removals below its minimum", () => {
  it("opens the refused-removals alert with the platform's reason, and resolves when removals go through", async () => {
    const server = await startEmulatorServer(createMetaEmulator());
    const sandbox = sandboxClient(server.url);
    try {
      await sandbox.reset();
      const dest = await makeDestination(
        "meta",
        { adAccountId: "act_1001", apiBaseUrl: `${server.url}/v24.0` },
        SANDBOX_CREDENTIALS.meta,
        "Meta ads",
      );
      await makeSegment("seg-min", "Small", "p.id <= 200");
      const sync = await makeSync({ segmentId: "seg-min", destinationId: dest.id, identifiers: ["email"], name: "Meta small" });
      await run(sync.id);
      await sandbox.configure({ refuseRemovalBelow: 150 });
      await setMembers("seg-min", "p.id <= 20");
      expect((await run(sync.id)).status).toBe("partial");
      await evaluateAlerts();
      await evaluateAlerts();
      const mine = () => alertsFor("default-removals-refused").then((as) => as.filter((a) => a.syncId === sync.id));
      const [alert, ...more] = await mine();
      expect(more).toEqual([]);
      expect(alert!.summary).toMatch(/refused [\d,]+ removals/);
      expect(alert!.cause).toMatch(/The platform refused [\d,]+ removals at \d\d:\d\d UTC.*Audience Too Small/);
      await sandbox.configure({ refuseRemovalBelow: 0 });
      expect((await run(sync.id)).status).toBe("succeeded");
      await evaluateAlerts();
      expect((await mine()).map((a) => [a.state, a.transitions.map((t) => t.transition)])).toEqual([["resolved", ["opened", "resolved"]]]);
    } finally {
      await server.close();
    }
  });
});

async function insertEvents(name: string, count: number, hoursAgo: number) {
  await pool().query(
    `INSERT INTO events (profile_id, name, occurred_at)
     SELECT 1 + (i % 50), $1, now() AT TIME ZONE 'UTC' - make_interval(hours => $3) - make_interval(secs => i) FROM generate_series(1, $2) i`,
    [name, count, hoursAgo],
  );
}

describe("rules people add", () => {
  it("an event that stops arriving: the drop alert names the stop and the new, similar name", async () => {
    const rule = await createAlertRule(editor, {
      name: "Checkout tracking",
      kind: "event_volume_drop",
      severity: "critical",
      params: { event: "checkout_started", hours: 3, percent: 80 },
      channelIds: [CHANNEL],
    });
    await insertEvents("checkout_started", 60, 7 * 24 + 1); // the same hours last week
    await insertEvents("checkout_started", 5, 5); // then it stopped, 5 hours ago
    await insertEvents("checkoutStarted", 40, 1); // and a renamed event began
    const before = await notificationsQueued();
    await evaluateAlerts();
    await evaluateAlerts();
    const [alert, ...more] = await alertsFor(rule.id);
    expect(more).toEqual([]);
    expect(alert!.title).toBe("“checkout_started” stopped arriving");
    expect(alert!.cause).toMatch(/The “checkout_started” event stopped arriving at \d\d:\d\d UTC/);
    expect(alert!.cause).toContain("a new event “checkoutStarted” began arriving");
    expect(await notificationsQueued()).toBe(before + 1);
    await insertEvents("checkout_started", 60, 0);
    await evaluateAlerts();
    expect((await alertsFor(rule.id)).map((a) => a.state)).toEqual(["resolved"]);
    expect(await notificationsQueued()).toBe(before + 2);
  });

  it("a segment whose event stops arriving: its size deviation names the event as the likely cause", async () => {
    await db().segment.create({
      data: {
        id: "seg-evt",
        name: "Browsed, no purchase",
        definition: { conditions: [{ type: "event", event: "product_viewed", window: { days: 7 } }] },
        size: 30,
        lastRefreshedAt: new Date(),
      },
    });
    const sync = await makeSync({ segmentId: "seg-evt", destinationId, identifiers: ["email"], name: "Browse retarget" });
    const rule = await createAlertRule(editor, {
      name: "Segment size moved",
      kind: "counter_deviation",
      scope: { type: "sync", id: sync.id },
      params: { counter: "segment_size", runs: 3, percent: 50 },
    });
    for (const [size, hoursAgo] of [
      [300, 9],
      [310, 7],
      [305, 5],
      [30, 0],
    ])
      await pool().query(
        `INSERT INTO metric_snapshots (sync_id, taken_at, segment_size, eligible_size, audience_size) VALUES ($1, now() AT TIME ZONE 'UTC' - make_interval(hours => $3), $2, $2, $2)`,
        [sync.id, size, hoursAgo],
      );
    await insertEvents("product_viewed", 50, 7 * 24 + 1);
    await insertEvents("product_viewed", 5, 4);
    await evaluateAlerts();
    const [alert] = await alertsFor(rule.id);
    expect(alert!.title).toBe("Browse retarget: segment size fell 90.2%");
    expect(alert!.summary).toContain("30 now, 305 usually");
    expect(alert!.cause).toMatch(/The “product_viewed” event stopped arriving at \d\d:\d\d UTC/);
  });

  it("refuses an impossible threshold or an unknown counter, naming the field", async () => {
    const issues = async (input: unknown) => {
      try {
        await createAlertRule(editor, input as never);
        return null;
      } catch (e) {
        return (e as { issues: { path: PropertyKey[]; message: string }[] }).issues.map((i) => [i.path.join("."), i.message]);
      }
    };
    expect(await issues({ name: "x", kind: "event_volume_drop", params: { event: "a", percent: 150 } })).toEqual([
      ["params.percent", "Drop must be 100% or less"],
    ]);
    expect(await issues({ name: "x", kind: "counter_deviation", params: { counter: "revenue", percent: 20 } })).toEqual([
      ["params.counter", expect.stringMatching(/^Counter must be one of “segment_size”/)],
    ]);
    expect(await issues({ name: "x", kind: "rejected_rows", params: { percent: 10, criticalPercent: 5 } })).toEqual([
      ["params.criticalPercent", "Critical above must be higher than the warning threshold"],
    ]);
  });

  it("defaults cannot be switched off or deleted; viewers can change nothing", async () => {
    await expect(updateAlertRule(editor, "default-run-failed", { enabled: false })).rejects.toThrow(/cannot be switched off/);
    await expect(deleteAlertRule(editor, "default-run-failed")).rejects.toThrow(/cannot be deleted/);
    await expect(createAlertRule(viewer, { name: "x", kind: "segment_empty", params: {} })).rejects.toThrow(/needs the editor role/);
  });
});

describe("acknowledging", () => {
  it("is recorded in the audit log, tells the channel once, and the alert still resolves by itself", async () => {
    const rule = await createAlertRule(editor, {
      name: "Refused data",
      kind: "ingest_rejections",
      params: { minutes: 15, threshold: 3 },
      channelIds: [CHANNEL],
    });
    await pool().query(
      `INSERT INTO ingest_rejections (channel, field, error, received_at) SELECT 'segment', 'email', 'email is not an address', now() AT TIME ZONE 'UTC' FROM generate_series(1, 4)`,
    );
    await evaluateAlerts();
    const [alert] = await alertsFor(rule.id);
    expect(alert!.cause).toBe("Most were refused for “email is not an address” (field email): 4 of 4.");
    await expect(acknowledgeAlert(viewer, alert!.id)).rejects.toThrow(/needs the editor role/);
    const before = await notificationsQueued();
    const acked = await acknowledgeAlert(editor, alert!.id);
    await acknowledgeAlert(editor, alert!.id); // twice: nothing new
    expect([acked.state, acked.acknowledgedBy]).toEqual(["acknowledged", "ed@example.com"]);
    expect(await notificationsQueued()).toBe(before + 1);
    const audit = await db().auditLog.findMany({ where: { entityType: "alert", entityId: alert!.id } });
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([["alert.acknowledged", "ed@example.com"]]);
    await evaluateAlerts();
    expect((await alertsFor(rule.id))[0]!.state).toBe("acknowledged");
    await pool().query("DELETE FROM ingest_rejections");
    await evaluateAlerts();
    const [done] = await alertsFor(rule.id);
    expect(done!.transitions.map((t) => t.transition)).toEqual(["opened", "acknowledged", "resolved"]);
    expect(await notificationsQueued()).toBe(before + 2);
  });
});
