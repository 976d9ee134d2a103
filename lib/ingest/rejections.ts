import { db, pool } from "@/lib/db";
import type { Rejection } from "@/lib/ingest/message";
import { logger } from "@/lib/logger";

// The quarantine: refused messages with their reason and (truncated) payload, so the Sources
// page can show what a broken integration sends. Bounded per request and by age, so a
// misbehaving client cannot grow it without limit. Written outside the batch's transaction:
// the reason must survive even when the batch itself fails.

export type Channel = "segment" | "customerio" | "customerio_webhook";

const PER_REQUEST = 50;
const PAYLOAD_CHARS = 4_000;
const KEEP_DAYS = 30;

function truncate(payload: unknown): string | null {
  if (payload === undefined) return null;
  let text: string | undefined;
  try {
    text = typeof payload === "string" ? payload : JSON.stringify(payload);
  } catch {
    return "[payload not shown: nested too deeply to serialize]";
  }
  if (text === undefined) return null;
  const clipped = text.length > PAYLOAD_CHARS ? `${text.slice(0, PAYLOAD_CHARS)}…` : text;
  return storable(clipped);
}

/**
 * Postgres text cannot hold NUL or unpaired UTF-16 surrogates, and a refused message is often
 * refused for carrying them (in a value, a key, so in the field path and the reason too): the
 * stored copy shows U+FFFD in their place, and the reason says what was there.
 */
const storable = (s: string) => s.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

export async function recordRejections(sourceId: string | null, channel: Channel, rejections: Rejection[]): Promise<void> {
  if (!rejections.length) return;
  const rows = rejections.slice(0, PER_REQUEST).map((r) => ({
    source_id: sourceId,
    channel,
    message_id: r.messageId === null ? null : storable(r.messageId),
    field: r.field === null ? null : storable(r.field),
    error: storable(r.error),
    payload: truncate(r.payload),
  }));
  try {
    await pool().query(
      `INSERT INTO ingest_rejections (source_id, channel, message_id, field, error, payload)
       SELECT source_id, channel, message_id, field, error, payload
         FROM json_to_recordset($1::json) AS r(source_id text, channel text, message_id text, field text, error text, payload text)`,
      [JSON.stringify(rows)],
    );
    if (Math.random() < 0.01)
      await pool().query(`DELETE FROM ingest_rejections WHERE received_at < now() - make_interval(days => $1)`, [KEEP_DAYS]);
  } catch (err) {
    // Losing a quarantine record must not turn an accepted request into a failure.
    logger.error({ err, sourceId, channel, count: rows.length }, "could not record ingest rejections");
  }
}

/** Newest first; `beforeId` continues a page (the API's cursor). */
export async function listRejections({ sourceId, limit = 20, beforeId }: { sourceId?: string; limit?: number; beforeId?: bigint } = {}) {
  return db().ingestRejection.findMany({
    where: { ...(sourceId ? { sourceId } : {}), ...(beforeId !== undefined ? { id: { lt: beforeId } } : {}) },
    orderBy: { id: "desc" },
    take: Math.min(Math.max(limit, 1), 201),
  });
}

/** Refusals per source in the last 24 hours. */
export async function rejectionCounts(): Promise<Map<string, number>> {
  const { rows } = await pool().query<{ source_id: string; n: number }>(
    `SELECT source_id, count(*)::int AS n FROM ingest_rejections WHERE received_at > now() - interval '24 hours' AND source_id IS NOT NULL GROUP BY source_id`,
  );
  return new Map(rows.map((r) => [r.source_id, r.n]));
}
