import type { AlertNotificationPayload } from "@/lib/monitoring/notify-alert";

// Every notification is rendered here from the one alert record the Alerts page also shows (the
// transition's title, summary, likely cause and figures), so an email, a Slack message, a PagerDuty
// incident and a webhook body all say what the console says, in the same words and numbers.

export type AlertRecord = AlertNotificationPayload["alert"];

/** A "Send test" from Settings → Notifications. PagerDuty gets a trigger then a resolve (see sendTestNotification). */
export type TestNotificationPayload = {
  type: "test";
  testId: string;
  channelName: string;
  requestedBy: string;
  requestedAt: string;
  /** PagerDuty only: the resolve that closes the test incident right after its trigger. */
  action?: "trigger" | "resolve";
};

export type NotificationPayload = AlertNotificationPayload | TestNotificationPayload;

/** A test as an alert-shaped record, so it exercises the very renderers real alerts use. */
export function recordOf(p: NotificationPayload): AlertRecord {
  if (p.type === "alert") return p.alert;
  return {
    alertId: `test-${p.testId}`,
    ruleId: "test",
    transition: p.action === "resolve" ? "resolved" : "opened",
    severity: "warning",
    title: `Test notification for “${p.channelName}”`,
    summary: `${p.requestedBy} sent this test from Settings → Notifications. If you can read it, alerts will reach you here.`,
    cause: null,
    figures: {},
    url: "",
    occurredAt: p.requestedAt,
  };
}

const SEVERITY_WORDS = { warning: "Warning", critical: "Critical" } as const;

/** The one line that says what happened: subject, Slack header, PagerDuty summary. */
export function headline(a: AlertRecord): string {
  switch (a.transition) {
    case "opened":
      return `${SEVERITY_WORDS[a.severity]}: ${a.title}`;
    case "severity_changed":
      return `Now ${SEVERITY_WORDS[a.severity].toLowerCase()}: ${a.title}`;
    case "acknowledged":
      return `Acknowledged: ${a.title}`;
    case "resolved":
      return `Resolved: ${a.title}`;
  }
}

/** "deliveredLastRun" → "Delivered last run"; a key that is already words stays as it is. */
export function figureLabel(key: string): string {
  if (/\s/.test(key)) return key;
  const words = key
    .replace(/[_-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function figureValue(v: number | string | null): string {
  if (v === null) return "—";
  return typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: 2 }) : v;
}

export function figureLines(a: AlertRecord): string[] {
  return Object.entries(a.figures).map(([k, v]) => `${figureLabel(k)}: ${figureValue(v)}`);
}

const when = (iso: string) => new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC";

// ---- Email -------------------------------------------------------------------------------------

export type EmailMessage = { subject: string; text: string; html: string };

export function renderEmail(a: AlertRecord): EmailMessage {
  const lines = [
    headline(a),
    "",
    a.summary,
    ...(a.cause ? ["", `Likely cause: ${a.cause}`] : []),
    ...(Object.keys(a.figures).length ? ["", ...figureLines(a)] : []),
    "",
    `At ${when(a.occurredAt)}`,
    ...(a.url ? [`Open in Downstream: ${a.url}`] : []),
  ];
  const esc = escapeHtml;
  const figures = Object.entries(a.figures);
  const html = [
    `<div style="font-family:system-ui,sans-serif;font-size:14px;color:#0f172a">`,
    `<p style="font-size:16px;font-weight:600;margin:0 0 12px">${esc(headline(a))}</p>`,
    `<p style="margin:0 0 12px">${esc(a.summary)}</p>`,
    a.cause ? `<p style="margin:0 0 12px"><strong>Likely cause:</strong> ${esc(a.cause)}</p>` : "",
    figures.length
      ? `<table style="border-collapse:collapse;margin:0 0 12px">${figures
          .map(
            ([k, v]) =>
              `<tr><td style="padding:2px 12px 2px 0;color:#475569">${esc(figureLabel(k))}</td><td style="padding:2px 0">${esc(figureValue(v))}</td></tr>`,
          )
          .join("")}</table>`
      : "",
    `<p style="margin:0 0 12px;color:#475569">At ${esc(when(a.occurredAt))}</p>`,
    a.url ? `<p style="margin:0"><a href="${esc(a.url)}">Open in Downstream</a></p>` : "",
    `</div>`,
  ].join("");
  return { subject: `[Downstream] ${headline(a)}`, text: lines.join("\n"), html };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

// ---- Slack (incoming webhook: text + blocks) ---------------------------------------------------

// Block Kit limits: header text 150 characters, section text 3,000, a field 2,000, 10 fields.
const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
/** Slack's mrkdwn needs only these three escaped (https://api.slack.com/reference/surfaces/formatting#escaping). */
const mrkdwn = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function renderSlack(a: AlertRecord) {
  const figures = Object.entries(a.figures).slice(0, 10);
  const blocks: Record<string, unknown>[] = [
    { type: "header", text: { type: "plain_text", text: cut(headline(a), 150), emoji: false } },
    { type: "section", text: { type: "mrkdwn", text: cut(mrkdwn(a.summary), 3000) } },
  ];
  if (a.cause) blocks.push({ type: "section", text: { type: "mrkdwn", text: cut(`*Likely cause:* ${mrkdwn(a.cause)}`, 3000) } });
  if (figures.length)
    blocks.push({
      type: "section",
      fields: figures.map(([k, v]) => ({ type: "mrkdwn", text: cut(`*${mrkdwn(figureLabel(k))}*\n${mrkdwn(figureValue(v))}`, 2000) })),
    });
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `Downstream · ${when(a.occurredAt)}` }] });
  if (a.url)
    blocks.push({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Open in Downstream" }, url: cut(a.url, 3000) }],
    });
  // `text` is what notifications and clients without blocks show: the headline and the summary.
  return { text: cut(mrkdwn(`${headline(a)}: ${a.summary}`), 3000), blocks };
}

// ---- PagerDuty Events API v2 -------------------------------------------------------------------

export type PagerdutyEvent = {
  routing_key: string;
  event_action: "trigger" | "acknowledge" | "resolve";
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: "critical" | "error" | "warning" | "info";
    timestamp: string;
    component?: string;
    class?: string;
    custom_details?: Record<string, unknown>;
  };
  client?: string;
  client_url?: string;
  links?: { href: string; text: string }[];
};

const PD_ACTIONS = { opened: "trigger", severity_changed: "trigger", acknowledged: "acknowledge", resolved: "resolve" } as const;

/**
 * One event per transition, all with the alert's id as dedup key, so PagerDuty keeps one incident
 * per alert: opened triggers it, a severity change re-triggers it (updating its summary and
 * severity), acknowledge and resolve act on it. A test is sent as `info`: it pages no one on a
 * service whose urgency follows severity.
 */
export function renderPagerduty(a: AlertRecord, routingKey: string, opts: { test?: boolean } = {}): PagerdutyEvent {
  const event_action = PD_ACTIONS[a.transition];
  return {
    routing_key: routingKey,
    event_action,
    dedup_key: a.alertId,
    ...(event_action === "trigger"
      ? {
          payload: {
            // PagerDuty refuses summaries over 1,024 characters.
            summary: cut(`${headline(a)}: ${a.summary}`, 1024),
            source: "Downstream",
            severity: opts.test ? "info" : a.severity,
            timestamp: a.occurredAt,
            class: a.ruleId,
            custom_details: {
              summary: a.summary,
              ...(a.cause ? { likely_cause: a.cause } : {}),
              ...Object.fromEntries(Object.entries(a.figures).map(([k, v]) => [figureLabel(k), v])),
            },
          },
        }
      : {}),
    client: "Downstream",
    ...(a.url ? { client_url: a.url, links: [{ href: a.url, text: "Open in Downstream" }] } : {}),
  };
}

// ---- Generic signed webhook --------------------------------------------------------------------

/** The documented body of an alert webhook (README: Notifications). */
export function renderWebhook(p: NotificationPayload) {
  const a = recordOf(p);
  return {
    type: p.type === "test" ? "notification.test" : `alert.${a.transition}`,
    headline: headline(a),
    alert: {
      id: a.alertId,
      ruleId: a.ruleId,
      transition: a.transition,
      severity: a.severity,
      title: a.title,
      summary: a.summary,
      cause: a.cause,
      figures: a.figures,
      url: a.url || null,
      occurredAt: a.occurredAt,
    },
  };
}
