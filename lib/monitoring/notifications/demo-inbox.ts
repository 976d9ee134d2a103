import http from "node:http";
import { systemActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { createChannel } from "@/lib/monitoring/notifications/create-channel";
import { DEMO_INBOX } from "@/lib/monitoring/notifications/demo-inbox-address";
import { startSmtpInbox, type SmtpInbox } from "@/lib/monitoring/notifications/testing/smtp-inbox";

// The demo's inbox: a real SMTP server on loopback (started by the dev worker, demo mode only)
// that the demo's "Demo inbox" email channel sends to, with a plain page listing what arrived, so
// a person can press "Send test" or watch an alert and read the actual email. Nothing is stored:
// the inbox empties when `npm run dev` stops.

/** The demo's email channel; idempotent (nothing once any channel exists). */
export async function ensureDemoNotificationChannels() {
  if ((await db().notificationChannel.count()) > 0) return null;
  const { channel } = await createChannel(systemActor("demo"), {
    name: "Demo inbox",
    kind: "email",
    settings: { host: DEMO_INBOX.host, port: DEMO_INBOX.smtpPort, from: "alerts@downstream.demo", to: ["oncall@retention.demo"] },
  });
  return channel.id;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Starts the inbox; a port already taken (a second dev server) is logged and skipped. */
export async function startDemoInbox(): Promise<() => Promise<void>> {
  let inbox: SmtpInbox;
  try {
    inbox = await startSmtpInbox({ port: DEMO_INBOX.smtpPort });
  } catch (err) {
    logger.warn({ err }, `demo inbox: SMTP port ${DEMO_INBOX.smtpPort} is taken; the demo's email channel will show it as unreachable`);
    return async () => {};
  }
  const web = http.createServer((_req, res) => {
    const items = [...inbox.mails]
      .reverse()
      .map((m) => {
        const body = m.raw
          .split(/\r?\n\r?\n/)
          .slice(1)
          .join("\n\n");
        const text = /Content-Type: text\/plain[^]*?\r?\n\r?\n([^]*?)\r?\n--/i.exec(body)?.[1] ?? body;
        return `<article><h2>${esc(m.subject)}</h2><p class="meta">To ${esc(m.to.join(", "))} · ${m.at.toISOString().replace("T", " ").slice(0, 19)} UTC</p><pre>${esc(decodeQuotedPrintable(text))}</pre></article>`;
      })
      .join("");
    res
      .writeHead(200, { "content-type": "text/html; charset=utf-8" })
      .end(
        `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Demo inbox</title>` +
          `<style>body{font:14px system-ui,sans-serif;max-width:760px;margin:32px auto;color:#0f172a}h1{font-size:20px}article{border:1px solid #e2e8f0;border-radius:8px;padding:12px 16px;margin:12px 0}h2{font-size:15px;margin:0}.meta{color:#64748b;margin:4px 0 8px}pre{white-space:pre-wrap;margin:0;font:13px ui-monospace,monospace}</style>` +
          `<h1>Demo inbox</h1><p class="meta">Mail the demo's “Demo inbox” channel sent to smtp://${DEMO_INBOX.host}:${DEMO_INBOX.smtpPort}, newest first. Refreshes every 5 s; empties when the demo stops.</p>` +
          (items || `<p>No mail yet. In Downstream, open Settings → Notifications and press “Send test” on “Demo inbox”.</p>`),
      );
  });
  const listening = await new Promise<boolean>((resolve) => {
    web.once("error", () => resolve(false));
    web.listen(DEMO_INBOX.webPort, DEMO_INBOX.host, () => resolve(true));
  });
  if (!listening) logger.warn(`demo inbox: port ${DEMO_INBOX.webPort} is taken; mail is received but cannot be viewed`);
  return async () => {
    if (listening) await new Promise<void>((r) => web.close(() => r()));
    await inbox.close();
  };
}

function decodeQuotedPrintable(s: string): string {
  if (!/=[0-9A-F]{2}|=\r?\n/.test(s)) return s;
  const bytes = s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}
