import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { pool } from "@/lib/db";
import { startDeliveryLoop } from "@/lib/delivery/delivery-loop";
import { listDeadLetters } from "@/lib/delivery/dead-letters";
import { verifyStandard } from "@/lib/delivery/signing";
import { createChannel } from "@/lib/monitoring/notifications/create-channel";
import { deleteChannel } from "@/lib/monitoring/notifications/delete-channel";
import { channelAttempts, getChannel, listChannels } from "@/lib/monitoring/notifications/list-channels";
import { makeNotificationSender } from "@/lib/monitoring/notifications/notification-sender";
import { sendTestNotification } from "@/lib/monitoring/notifications/send-test-notification";
import { startNotificationReceiver, type NotificationReceiver } from "@/lib/monitoring/notifications/testing/notification-receiver";
import { startSmtpInbox, type SmtpInbox } from "@/lib/monitoring/notifications/testing/smtp-inbox";
import { updateChannel } from "@/lib/monitoring/notifications/update-channel";
import { enqueueAlertNotifications, type AlertTransition } from "@/lib/monitoring/notify-alert";

// Notifications end to end through the delivery ledger, over a real SMTP server and a local HTTP
// receiver strict about Slack's and PagerDuty's documented shapes: one message per transition, in
// order per alert, retried and recorded when the channel fails, never lost, the alert untouched.

const editor: Actor = { type: "user", id: "u1", label: "ed@x.test", role: "editor" };
const viewer: Actor = { type: "user", id: "u2", label: "vi@x.test", role: "viewer" };
const ROUTING_KEY = "R0UT1NGKEY0123456789abcdefABCDEF";

let inbox: SmtpInbox;
let rx: NotificationReceiver;
let stop: (() => Promise<void>) | null = null;
// Retries in a fraction of a second, so a failing channel's retries happen within the test.
const sender = makeNotificationSender({ retrySchedule: [0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05], timeoutMs: 3_000 });
const run = () => (stop = startDeliveryLoop({ feeders: [], senders: [sender], idleMs: 20 }));

const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

const transition = (channelIds: string[], over: Partial<AlertTransition> = {}): AlertTransition => ({
  alertId: "alert_1",
  ruleId: "rule_run_failed",
  transition: "opened",
  severity: "critical",
  title: "Meta retargeting: the run failed",
  summary: "The 14:00 run delivered nothing: Meta refused every request.",
  cause: "The destination's token expired at 13:52.",
  figures: { segmentSize: 12400, delivered: 0, "Match rate": "61%" },
  url: "http://localhost:3000/alerts/alert_1",
  occurredAt: new Date("2026-12-01T14:00:00Z"),
  channelIds,
  ...over,
});

/** Records the alert and its notifications in one transaction, as the alert evaluator does. */
async function commitAlert(t: AlertTransition): Promise<number> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    await client.query(`INSERT INTO test_alert_log (alert_id, transition) VALUES ($1, $2)`, [t.alertId, t.transition]);
    const n = await enqueueAlertNotifications(client, t);
    await client.query("COMMIT");
    return n;
  } catch (e) {
    await client.query("ROLLBACK");
    throw e;
  } finally {
    client.release();
  }
}

const emailChannel = (name = "On-call inbox") =>
  createChannel(editor, {
    name,
    kind: "email",
    settings: { host: inbox.host, port: inbox.port, user: "downstream", from: "alerts@downstream.test", to: ["oncall@example.com"] },
    credentials: { password: "s3cret-pass" },
  });

beforeAll(async () => {
  inbox = await startSmtpInbox({ user: "downstream", password: "s3cret-pass" });
  rx = await startNotificationReceiver();
  await pool().query(`CREATE TABLE test_alert_log (id serial PRIMARY KEY, alert_id text, transition text)`);
});
afterEach(async () => {
  await stop?.();
  stop = null;
  inbox.fault = null;
  inbox.mails.length = 0;
  rx.fault = null;
  rx.received.length = 0;
  rx.refused.length = 0;
  await pool().query(`DELETE FROM notification_channels; DELETE FROM delivery_endpoints; DELETE FROM test_alert_log`);
});
afterAll(async () => {
  await inbox.close();
  await rx.close();
});

describe("alert notifications", () => {
  it("emails one message per transition over SMTP, with the alert's own words and numbers", async () => {
    const { channel } = await emailChannel();
    expect(await commitAlert(transition([channel.id]))).toBe(1);
    run();
    const [mail] = await inbox.waitForMails(1);
    expect(mail!.to).toEqual(["oncall@example.com"]);
    expect(mail!.from).toBe("alerts@downstream.test");
    expect(mail!.subject).toBe("[Downstream] Critical: Meta retargeting: the run failed");
    expect(mail!.raw).toContain("Likely cause: The destination's token expired at 13:52.");
    expect(mail!.raw).toContain("Segment size: 12,400");
    expect(mail!.raw).toContain("Match rate: 61%");

    await commitAlert(transition([channel.id], { transition: "resolved", summary: "The 15:00 run delivered 12,400 people." }));
    await inbox.waitForMails(2);
    expect(inbox.mails[1]!.subject).toBe("[Downstream] Resolved: Meta retargeting: the run failed");
    // Nothing else goes out: one message per transition, never a repeat.
    await new Promise((r) => setTimeout(r, 300));
    expect(inbox.mails).toHaveLength(2);
    const listed = await getChannel(channel.id);
    expect(listed.status).toMatchObject({ state: "working", word: "Working" });
    expect(listed.lastAttempt).toMatchObject({ outcome: "delivered", excerpt: expect.stringMatching(/^250/) });
  });

  it("posts Slack and PagerDuty messages in their documented shapes, and a signed webhook, in order per alert", async () => {
    const slack = (
      await createChannel(editor, { name: "Slack #ops", kind: "slack", credentials: { webhookUrl: `${rx.url}/slack/T0/B0/xyz` } })
    ).channel;
    const pd = (
      await createChannel(editor, {
        name: "PagerDuty",
        kind: "pagerduty",
        settings: { eventsUrl: `${rx.url}/pagerduty/v2/enqueue` },
        credentials: { routingKey: ROUTING_KEY },
      })
    ).channel;
    const hook = await createChannel(editor, { name: "Ops hook", kind: "webhook", settings: { url: `${rx.url}/webhook` } });
    rx.secret = hook.signingSecret;
    const ids = [slack.id, pd.id, hook.channel.id];
    const long = "x".repeat(3000);
    expect(await commitAlert(transition(ids, { summary: long }))).toBe(3);
    await commitAlert(transition(ids, { transition: "acknowledged" }));
    await commitAlert(transition(ids, { transition: "resolved" }));
    run();
    const pdEvents = await rx.waitFor("/pagerduty", 3);
    await rx.waitFor("/slack", 3);
    const hooks = await rx.waitFor("/webhook", 3);
    expect(rx.refused).toEqual([]);

    expect(pdEvents.map((e) => [e.body.event_action, e.body.dedup_key, e.body.routing_key])).toEqual([
      ["trigger", "alert_1", ROUTING_KEY],
      ["acknowledge", "alert_1", ROUTING_KEY],
      ["resolve", "alert_1", ROUTING_KEY],
    ]);
    const payload = pdEvents[0]!.body.payload as { summary: string; severity: string; source: string };
    expect(payload.summary.length).toBeLessThanOrEqual(1024);
    expect(payload).toMatchObject({ severity: "critical", source: "Downstream" });

    const first = rx.received.find((r) => r.path.startsWith("/slack"))!.body as { text: string; blocks: { type: string }[] };
    expect(first.text).toMatch(/^Critical: Meta retargeting: the run failed: x+/);
    expect(first.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "section", "context", "actions"]);

    expect(hooks.map((h) => (h.body as { type: string }).type)).toEqual(["alert.opened", "alert.acknowledged", "alert.resolved"]);
    expect((hooks[0]!.body as { alert: { cause: string } }).alert.cause).toBe("The destination's token expired at 13:52.");
    const h = hooks[0]!;
    // The receiver verified the signature; check it again the way a customer would.
    expect(
      verifyStandard(
        [hook.signingSecret!],
        {
          id: String(h.headers["webhook-id"]),
          timestamp: String(h.headers["webhook-timestamp"]),
          signature: String(h.headers["webhook-signature"]),
        },
        JSON.stringify(h.body),
      ),
    ).toEqual({ ok: true });
  });

  it("a failing channel: the notification is retried and recorded, the error shown in words, nothing lost, the alert untouched", async () => {
    const slack = (await createChannel(editor, { name: "Slack", kind: "slack", credentials: { webhookUrl: `${rx.url}/slack/T/B/x` } }))
      .channel;
    rx.fault = { status: 500 };
    await commitAlert(transition([slack.id]));
    run();
    await until("three failed attempts", async () => (await channelAttempts(slack.id, { limit: 10 })).attempts.length >= 3);
    const failing = await getChannel(slack.id);
    expect(failing.status.state).toBe("failing");
    expect(failing.status.reason).toContain("The endpoint answered 500 Internal Server Error.");
    expect(failing.queued).toBe(1);
    // The alert's own record committed with the notification and stays, whatever the channel does.
    expect((await pool().query(`SELECT transition FROM test_alert_log`)).rows).toEqual([{ transition: "opened" }]);

    rx.fault = null;
    const got = await rx.waitFor("/slack", 1);
    expect(got).toHaveLength(1);
    await until("delivered", async () => (await getChannel(slack.id)).status.state === "working");
    const attempts = (await channelAttempts(slack.id, { limit: 50 })).attempts;
    expect(attempts[0]!.outcome).toBe("delivered");
    expect(attempts.slice(1).every((a) => a.outcome === "failed" && a.status === 500)).toBe(true);
    expect((await getChannel(slack.id)).queued).toBe(0);
  });

  it("past the last retry a notification is kept as a dead letter, not dropped", async () => {
    const slack = (await createChannel(editor, { name: "Slack", kind: "slack", credentials: { webhookUrl: `${rx.url}/slack/T/B/x` } }))
      .channel;
    rx.fault = { status: 400, body: "invalid_payload" };
    await commitAlert(transition([slack.id]));
    run();
    await until("dead", async () => (await getChannel(slack.id)).dead === 1);
    const { deadLetters } = await listDeadLetters(slack.id, { limit: 10 });
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ person: "alert_1", lastStatus: 400, lastError: "The endpoint answered 400 Bad Request." });
    expect((await getChannel(slack.id)).lastAttempt).toMatchObject({ status: 400, excerpt: "invalid_payload" });
  });

  it("says what the mail server did: a wrong password, a temporary refusal, a server that is not there, a host outside the egress policy", async () => {
    const { channel } = await emailChannel();
    inbox.fault = "auth";
    const auth = await sendTestNotification(editor, channel.id, { sender });
    expect(auth).toMatchObject({
      outcome: "failed",
      message: expect.stringContaining("The mail server refused the user name or password (535)"),
    });

    inbox.fault = 451;
    const busy = await sendTestNotification(editor, channel.id, { sender });
    expect(busy.message).toContain("The mail server refused the message (451).");

    inbox.fault = null;
    await until("the retried tests delivered", async () => {
      await sendTestNotification(editor, channel.id, { sender });
      return inbox.mails.length >= 3;
    });
    // Every test that failed was retried and arrived: none was lost.
    expect(inbox.mails.filter((m) => m.subject.includes("Test notification"))).toHaveLength(inbox.mails.length);

    const closed = await startSmtpInbox();
    const port = closed.port;
    await closed.close();
    await updateChannel(editor, channel.id, { settings: { host: "127.0.0.1", port, from: "a@b.test", to: ["c@d.test"] } });
    const gone = await sendTestNotification(editor, channel.id, { sender });
    expect(gone.message).toContain(`The mail server at 127.0.0.1:${port} refused the connection (ECONNREFUSED).`);

    const outside = await emailChannel("Outside");
    await updateChannel(editor, outside.channel.id, {
      settings: { host: "10.1.2.3", port: 25, from: "a@b.test", to: ["c@d.test"] },
      credentials: { password: "again" },
    });
    const refused = await sendTestNotification(editor, outside.channel.id, { sender });
    expect(refused).toMatchObject({ outcome: "failed", message: expect.stringContaining("EGRESS_ALLOW") });
  });

  it("Send test goes through the ledger: an email arrives, PagerDuty's test incident is triggered then resolved", async () => {
    const { channel } = await emailChannel();
    const result = await sendTestNotification(editor, channel.id);
    expect(result).toMatchObject({ outcome: "delivered", message: "Delivered: the channel accepted the test notification." });
    expect(result.attempts).toHaveLength(1);
    const [mail] = await inbox.waitForMails(1);
    expect(mail!.subject).toBe("[Downstream] Warning: Test notification for “On-call inbox”");

    const pd = (
      await createChannel(editor, {
        name: "PD",
        kind: "pagerduty",
        settings: { eventsUrl: `${rx.url}/pagerduty` },
        credentials: { routingKey: ROUTING_KEY },
      })
    ).channel;
    expect((await sendTestNotification(editor, pd.id)).outcome).toBe("delivered");
    const events = await rx.waitFor("/pagerduty", 2);
    expect(events.map((e) => e.body.event_action)).toEqual(["trigger", "resolve"]);
    expect((events[0]!.body.payload as { severity: string }).severity).toBe("info");
    await expect(sendTestNotification(viewer, pd.id)).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("channel records", () => {
  it("refuses bad input naming the field, keeps secrets sealed, and skips a deleted channel", async () => {
    await expect(createChannel(editor, { name: "PD", kind: "pagerduty", credentials: { routingKey: "short" } })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["credentials", "routingKey"] })],
    });
    await expect(
      createChannel(editor, { name: "Mail", kind: "email", settings: { host: "https://smtp.x", port: 587, from: "a@b.test", to: [] } }),
    ).rejects.toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ path: ["settings", "host"] })]) });
    await expect(
      createChannel(viewer, { name: "S", kind: "slack", credentials: { webhookUrl: "https://hooks.slack.com/x" } }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });

    const { channel } = await emailChannel();
    expect(JSON.stringify(await listChannels())).not.toContain("s3cret-pass");
    expect(channel.secrets).toEqual({ password: "…pass" });
    const { rows } = await pool().query<{ credentials_enc: string }>(`SELECT credentials_enc FROM notification_channels`);
    expect(rows[0]!.credentials_enc).not.toContain("s3cret");
    await expect(
      updateChannel(editor, channel.id, { settings: { host: "smtp.other.test", port: 587, from: "a@b.test", to: ["c@d.test"] } }),
    ).rejects.toMatchObject({
      details: { issues: [expect.objectContaining({ path: "credentials.password" })] },
    });
    await expect(
      updateChannel(editor, channel.id, { settings: { host: inbox.host, port: 0, from: "a@b.test", to: ["c@d.test"] } }),
    ).rejects.toMatchObject({
      details: { issues: [expect.objectContaining({ path: "settings.port" })] },
    });

    await deleteChannel(editor, channel.id);
    expect(await commitAlert(transition([channel.id]))).toBe(0);
    // The alert itself still committed.
    expect((await pool().query(`SELECT count(*)::int AS n FROM test_alert_log`)).rows[0].n).toBe(1);
    const audit = await pool().query(`SELECT action FROM audit_logs WHERE entity_id = $1 ORDER BY id`, [channel.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(["notification_channel.created", "notification_channel.deleted"]);
  });
});
