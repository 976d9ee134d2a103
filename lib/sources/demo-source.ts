import { systemActor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import { createSource } from "@/lib/sources/manage-sources";

// Demo mode: one source ready to receive data (credentials in Settings → Sources). Safe to call
// on every start. (The seeder itself records the demo people's anonymous ids as aliases.)
export const DEMO_SOURCE_NAME = "Demo store (Segment + Customer.io)";
export const DEMO_WEBHOOK_SIGNING_KEY = "demo-webhook-signing-key";

export async function ensureDemoSource(): Promise<void> {
  if ((await db().source.count()) === 0) {
    await createSource(systemActor("demo"), { name: DEMO_SOURCE_NAME, webhookSigningKey: DEMO_WEBHOOK_SIGNING_KEY });
  }
  await recordSeededActivity();
}

/**
 * The demo store's generated events stand for what this source sent, but the seeder writes
 * them with COPY rather than through the ingest endpoints that record "last data". Without
 * this, Settings → Sources says "Last data: never" beside hundreds of thousands of events.
 * Runs once: only while the demo source has no activity recorded yet.
 */
async function recordSeededActivity(): Promise<void> {
  const source = await db().source.findFirst({
    where: { name: DEMO_SOURCE_NAME, lastReceivedAt: null, revokedAt: null },
    select: { id: true },
  });
  if (!source) return;
  const { rows } = await pool().query<{ at: Date | null }>(
    "SELECT max(received_at) AS at FROM events WHERE source_id IS NULL OR source_id = $1",
    [source.id],
  );
  const at = rows[0]?.at;
  if (at) await db().source.updateMany({ where: { id: source.id, lastReceivedAt: null }, data: { lastReceivedAt: at } });
}
