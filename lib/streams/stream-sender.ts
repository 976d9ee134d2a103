import { pool } from "@/lib/db";
import { sendHttp } from "@/lib/delivery/http-send";
import type { SendOutcome } from "@/lib/delivery/send-outcome";
import type { DeliverySender, EndpointConfig, OutboundBatch } from "@/lib/delivery/sender";
import { signatureHeaders } from "@/lib/delivery/signing";
import type { StreamBatchBody } from "@/lib/streams/forwarded-event";
import { renderEvents } from "@/lib/streams/render-events";
import { openStreamCredentials } from "@/lib/streams/stream-credentials";
import { warehouseStreamSettingsSchema, webhookStreamSettingsSchema, type WebhookStreamCredentials } from "@/lib/streams/stream-schemas";
import { writeWarehouseEvents } from "@/lib/streams/warehouse-writer";

// How the ledger sends an event stream's batch: render the stored events in the documented shape,
// then POST them signed (webhook) or write them (warehouse). Everything about retries, ordering and
// holding is the ledger's.

/** Requests in flight at once per stream; per-person order holds regardless (lib/delivery/form-batches.ts). */
const STREAM_CONCURRENCY = 4;

type StreamRow = { id: string; name: string; destination_kind: string; settings: unknown; credentials_enc: string | null };

async function loadStream(id: string): Promise<StreamRow | null> {
  const { rows } = await pool().query<StreamRow>(
    `SELECT id, name, destination_kind, settings, credentials_enc FROM event_streams WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

function settingsOf(stream: StreamRow) {
  return stream.destination_kind === "warehouse"
    ? { kind: "warehouse" as const, settings: warehouseStreamSettingsSchema.parse(stream.settings) }
    : { kind: "webhook" as const, settings: webhookStreamSettingsSchema.parse(stream.settings) };
}

/** Secrets still signing: the current one, and the previous one until its rotation ends. */
export function activeSecrets(credentials: WebhookStreamCredentials, now = Date.now()): string[] {
  return credentials.signingSecrets.filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now).map((s) => s.secret);
}

async function send(batch: OutboundBatch): Promise<SendOutcome> {
  const stream = await loadStream(batch.endpointId);
  if (!stream) return { kind: "failed", error: "The stream was deleted.", answered: false };
  const events = await renderEvents(batch.messages.flatMap((m) => (m.eventId ? [m.eventId] : [])));
  const target = settingsOf(stream);
  if (target.kind === "warehouse") {
    return writeWarehouseEvents(target.settings, openStreamCredentials("warehouse", stream.credentials_enc), events);
  }
  const credentials = openStreamCredentials("webhook", stream.credentials_enc);
  const secrets = activeSecrets(credentials);
  const payload: StreamBatchBody = { type: "event_stream.batch", stream: { id: stream.id, name: stream.name }, events };
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    ...target.settings.headers,
    "content-type": "application/json",
    "user-agent": "Downstream/1.0",
    ...signatureHeaders(
      target.settings.signatureMode,
      secrets.length ? secrets : [credentials.signingSecrets[0]!.secret],
      batch.id,
      Math.floor(Date.now() / 1000),
      body,
    ),
  };
  if (credentials.authorization) headers.authorization = credentials.authorization;
  const { outcome } = await sendHttp({
    url: target.settings.url,
    headers,
    body,
    timeoutMs: target.settings.timeoutMs,
    addressField: "Endpoint URL",
  });
  return outcome;
}

export const streamSender: DeliverySender = {
  kind: "event_stream",
  async config(id): Promise<EndpointConfig | null> {
    const stream = await loadStream(id);
    if (!stream) return null;
    const { settings } = settingsOf(stream);
    return {
      batchSize: settings.batchSize,
      maxWaitMs: settings.maxWaitMs,
      timeoutMs: settings.timeoutMs,
      retrySchedule: settings.retrySchedule,
      concurrency: STREAM_CONCURRENCY,
    };
  },
  send: (batch) => send(batch),
};
