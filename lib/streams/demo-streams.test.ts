import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { emitLiveEngagement } from "@/lib/demo/live-engagement";
import { startDeliveryLoop } from "@/lib/delivery/delivery-loop";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { ensureDemoStreams } from "@/lib/streams/demo-streams";
import { fanOutEvents } from "@/lib/streams/fanout";
import { streamSender } from "@/lib/streams/stream-sender";
import { closeWarehouseEventPools } from "@/lib/streams/warehouse-writer";

const DAY = 86_400_000;

async function warehouseRows(): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM demo_warehouse.engagement_events`);
  return rows[0]!.n;
}

describe("the demo's event stream", () => {
  it("backfills the last 7 days of engagement into the demo warehouse, then forwards the live trickle", async () => {
    const old = Date.now() - 8 * DAY;
    const recent = Date.now() - DAY;
    await writeMessages(
      Array.from({ length: 12 }, (_, i) => ({
        externalId: `shopper${i % 4}`,
        anonymousId: null,
        email: `shopper${i % 4}@demo.test`,
        event: {
          type: "engagement",
          name: i % 2 ? "email_opened" : "email_sent",
          properties: { campaign_id: 101, message_id: `dlv_${i % 4}` },
          messageId: `demo-test-${i}`,
          occurredAt: new Date(i < 4 ? old : recent),
        },
      })),
      { sourceId: null, receivedAt: new Date(), country: "US" },
    );
    const created = await ensureDemoStreams();
    expect(created?.backfilled).toBe(8);
    const stop = startDeliveryLoop({ feeders: [fanOutEvents], senders: [streamSender], idleMs: 20 });
    try {
      for (let i = 0; i < 200 && (await warehouseRows().catch(() => 0)) < 8; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await warehouseRows()).toBe(8);

      await emitLiveEngagement();
      const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE message_id LIKE 'demo-live:%'`);
      expect(rows[0]!.n).toBeGreaterThanOrEqual(2);
      for (let i = 0; i < 200 && (await warehouseRows()) < 8 + rows[0]!.n; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await warehouseRows()).toBe(8 + rows[0]!.n);
    } finally {
      await stop();
      await closeWarehouseEventPools();
    }
    expect(await ensureDemoStreams()).toBeNull();
  });
});
