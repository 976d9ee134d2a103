import { z } from "zod";
import { connectionFailure } from "@/lib/connectors/connection-test";
import type { AudienceItem, BatchResult, Connector, ConnectorContext } from "@/lib/connectors/contract";
import { fieldLabel } from "@/lib/connectors/field-label";
import { callPlatform, httpStatusError } from "@/lib/connectors/http";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from "@/lib/connectors/webhook/signature";
import { bodyBytes, itemResults, type WebhookEvent } from "@/lib/connectors/webhook/wire";

// Webhook destination: adds and removes POSTed as signed JSON batches (format in ./README.md).

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
// Headers we set ourselves; letting a custom header override them would break signing.
const RESERVED = /^(content-type|content-length|host|user-agent|x-downstream-.*)$/i;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const webhookSettingsSchema = z.object({
  url: z
    .string()
    .trim()
    .url("Enter the full URL, e.g. https://hooks.example.com/downstream")
    .refine((v) => {
      // Plain http only to this machine (tests, a local receiver); anything else must be TLS.
      // (zod runs refinements even after .url() failed, hence the guard.)
      const u = URL.canParse(v) ? new URL(v) : null;
      return !u || u.protocol === "https:" || (u.protocol === "http:" && LOOPBACK.has(u.hostname));
    }, "Use an https:// URL (plain http is allowed only for localhost)")
    .meta({ title: "Endpoint URL", description: "Receives adds and removes as signed JSON POSTs." }),
  headers: z
    .record(
      z
        .string()
        .regex(HEADER_NAME, "Not a valid header name")
        .refine((h) => !RESERVED.test(h), "This header is set by Downstream"),
      z.string().max(2000),
    )
    .default({})
    .meta({
      title: "Extra headers",
      description: "Sent with every request. Put secrets in the Authorization credential instead: headers are shown to editors.",
    }),
  batchSize: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(1_000)
    .meta({ title: "Batch size", description: "Members per request, up to 10,000." }),
  timeoutMs: z
    .number()
    .int()
    .min(1_000)
    .max(120_000)
    .default(30_000)
    .meta({ title: "Timeout (ms)", description: "A request slower than this is retried." }),
  hashedOnly: z
    .boolean()
    .default(false)
    .meta({ title: "Send hashes only", description: "Leave out raw email and phone; send their SHA-256 only." }),
});
export const webhookCredentialsSchema = z.object({
  signingSecret: z
    .string()
    .min(16, "Use at least 16 characters")
    .max(200)
    .meta({ title: "Signing secret", description: "Signs every request (HMAC-SHA256); give the same secret to the receiver." }),
  authorization: z
    .string()
    .max(2000)
    .optional()
    .meta({ title: "Authorization header", description: "Optional, e.g. “Bearer …”; sent as the Authorization header." }),
});
export type WebhookSettings = z.output<typeof webhookSettingsSchema>;
export type WebhookCredentials = z.output<typeof webhookCredentialsSchema>;
type Ctx = ConnectorContext<WebhookSettings, WebhookCredentials>;

/** POSTs `body` (JSON as UTF-8) signed; `length` (characters) is what the batch record calls its size. */
async function post(
  ctx: Ctx,
  event: WebhookEvent,
  delivery: string,
  { bytes: body, length }: { bytes: Buffer<ArrayBuffer>; length: number },
) {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    ...ctx.settings.headers,
    ...(ctx.credentials.authorization ? { authorization: ctx.credentials.authorization } : {}),
    "content-type": "application/json",
    "user-agent": "Downstream-Webhook/1",
    [EVENT_HEADER]: event,
    [DELIVERY_HEADER]: delivery,
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signWebhook(ctx.credentials.signingSecret, timestamp, body),
  };
  // Passed as `body`, not `json`: the signature must cover the exact bytes sent.
  const res = await callPlatform(ctx, "The webhook", {
    method: "POST",
    url: ctx.settings.url,
    headers,
    body,
    timeoutMs: ctx.settings.timeoutMs,
    addressField: fieldLabel(webhookSettingsSchema, "url"),
  });
  if (!res.ok) throw httpStatusError("The webhook", res);
  return { res, bytes: length };
}

const text = (s: string) => ({ bytes: Buffer.from(s), length: s.length });

async function send(ctx: Ctx, audienceId: string, items: AudienceItem[], op: "add" | "remove"): Promise<BatchResult> {
  const event: WebhookEvent = op === "add" ? "audience.members.added" : "audience.members.removed";
  const delivery = ctx.batch ? `${ctx.batch.runId}:${op}:${ctx.batch.seq}` : `${Date.now()}:${op}`;
  const { res, bytes } = await post(ctx, event, delivery, bodyBytes(event, { id: audienceId }, items, ctx.settings.hashedOnly, ctx.batch));
  const results = itemResults(items, res.body);
  const rejected = results.filter((r) => r.status !== "ok").length;
  return {
    items: results,
    request: { method: "POST", url: redactUrl(ctx.settings.url), event, delivery, members: items.length, bytes },
    response: { status: res.status, rejected },
  };
}

/** Query strings often carry tokens: keep them out of run records. */
function redactUrl(url: string) {
  const u = new URL(url);
  if (u.search) u.search = "?…";
  u.username = "";
  u.password = "";
  return u.toString();
}

export const webhookConnector: Connector<WebhookSettings, WebhookCredentials> = {
  kind: "webhook",
  label: "Webhook",
  settingsSchema: webhookSettingsSchema,
  credentialsSchema: webhookCredentialsSchema,
  addressSettings: ["url"],
  maxBatchSize: 10_000,
  supportedIdentifiers: ["email", "phone", "external_id"],

  async testConnection(ctx) {
    try {
      const { res } = await post(
        ctx,
        "ping",
        `ping:${Date.now()}`,
        text(JSON.stringify({ event: "ping", sent_at: new Date().toISOString() })),
      );
      return { ok: true, detail: `The endpoint answered HTTP ${res.status} to a signed ping.` };
    } catch (e) {
      return connectionFailure(
        e,
        `Check the ${fieldLabel(webhookSettingsSchema, "url")}, that the endpoint accepts POST, and that it verifies with the same ${fieldLabel(webhookCredentialsSchema, "signingSecret")}.`,
      );
    }
  },

  // Webhooks have no remote audience object: the audience is named in every request.
  async ensureAudience(_ctx, audience) {
    return { id: audience.existingId ?? audience.name, name: audience.name, created: false };
  },
  addMembers: (ctx, audienceId, items) => send(ctx, audienceId, items, "add"),
  removeMembers: (ctx, audienceId, items) => send(ctx, audienceId, items, "remove"),
};
