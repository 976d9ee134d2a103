import { randomUUID } from "node:crypto";
import { pool } from "@/lib/db";
import { generateSigningSecret } from "@/lib/delivery/signing";
import type { IngestMessage } from "@/lib/ingest/message";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { sealStreamCredentials } from "@/lib/streams/stream-credentials";
import { streamSelectorSchema, warehouseStreamSettingsSchema, webhookStreamSettingsSchema } from "@/lib/streams/stream-schemas";

// Test fixtures for the ledger and streams: a webhook stream written straight to the tables (the
// records layer has its own tests), and engagement events stored through the real ingest writer.

export async function makeWebhookStream(opts: { url: string; selector?: unknown; settings?: Record<string, unknown>; secret?: string }) {
  const id = `str_${randomUUID().slice(0, 8)}`;
  const secret = opts.secret ?? generateSigningSecret();
  const settings = webhookStreamSettingsSchema.parse({ url: opts.url, batchSize: 100, maxWaitMs: 50, timeoutMs: 2_000, ...opts.settings });
  const selector = streamSelectorSchema.parse(opts.selector ?? { metrics: ["sent", "opened", "clicked"] });
  const sealed = sealStreamCredentials({ signingSecrets: [{ secret, createdAt: new Date().toISOString(), expiresAt: null }] });
  await pool().query(`INSERT INTO delivery_endpoints (id, kind) VALUES ($1, 'event_stream')`, [id]);
  await pool().query(
    `INSERT INTO event_streams (id, name, selector, destination_kind, settings, credentials_enc, start_xid, updated_at)
     VALUES ($1, $2, $3, 'webhook', $4, $5, pg_snapshot_xmax(pg_current_snapshot())::text::bigint, now())`,
    [id, `Test stream ${id}`, JSON.stringify(selector), JSON.stringify(settings), sealed],
  );
  return { id, secret };
}

/** A warehouse stream into `connectionString` (schema/table from settings), written straight to the tables like makeWebhookStream. */
export async function makeWarehouseStream(opts: { connectionString: string; selector?: unknown; settings?: Record<string, unknown> }) {
  const id = `str_${randomUUID().slice(0, 8)}`;
  const settings = warehouseStreamSettingsSchema.parse({ batchSize: 100, maxWaitMs: 50, timeoutMs: 5_000, ...opts.settings });
  const selector = streamSelectorSchema.parse(opts.selector ?? { metrics: ["sent", "opened", "clicked"] });
  const sealed = sealStreamCredentials({ connectionString: opts.connectionString });
  await pool().query(`INSERT INTO delivery_endpoints (id, kind) VALUES ($1, 'event_stream')`, [id]);
  await pool().query(
    `INSERT INTO event_streams (id, name, selector, destination_kind, settings, credentials_enc, start_xid, updated_at)
     VALUES ($1, $2, $3, 'warehouse', $4, $5, pg_snapshot_xmax(pg_current_snapshot())::text::bigint, now())`,
    [id, `Test warehouse ${id}`, JSON.stringify(selector), JSON.stringify(settings), sealed],
  );
  return { id, settings };
}

let seq = 0;

/** One engagement event per entry, for person `u<person>`, stored in one ingest batch in this order. */
export async function storeEngagement(entries: { person: number; name: string; props?: Record<string, unknown> }[]) {
  const base = Date.now() - 60_000;
  const messages: IngestMessage[] = entries.map((e) => ({
    externalId: `u${e.person}`,
    anonymousId: null,
    email: `u${e.person}@example.com`,
    event: {
      type: "engagement",
      name: e.name,
      properties: { campaign_id: 7, message_id: `dlv_${e.person}`, ...e.props },
      // Zero-padded: ingest inserts in message-id order, so ids then follow the entries' order.
      messageId: `test-${process.pid}-${String(++seq).padStart(8, "0")}`,
      occurredAt: new Date(base + seq),
    },
  }));
  const result = await writeMessages(messages, { sourceId: null, receivedAt: new Date(), country: "US" });
  if (result.stored !== messages.length) throw new Error(`stored ${result.stored} of ${messages.length}`);
  const { rows } = await pool().query<{ id: string; message_id: string }>(
    `SELECT id::text, message_id FROM events WHERE message_id = ANY($1::text[]) ORDER BY message_id`,
    [messages.map((m) => m.event!.messageId)],
  );
  return rows.map((r) => `evt_${r.id}`);
}
