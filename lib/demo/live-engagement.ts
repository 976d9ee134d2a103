import { randomUUID } from "node:crypto";
import { pool } from "@/lib/db";
import { CAMPAIGNS } from "@/lib/demo/catalog";
import type { IngestMessage } from "@/lib/ingest/message";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { logger } from "@/lib/logger";

// The demo's live traffic: a trickle of newsletter engagement (a send, then some deliveries, opens
// and clicks) for random subscribed demo shoppers, stored through the same writer as Customer.io's
// reporting webhooks, so event streams, segments and the Overview have something arriving while a
// person watches. Demo mode only (scripts/worker.ts); DEMO_LIVE_TRAFFIC=0 turns it off.

const TICK_MS = 5_000;
const SENDS_PER_TICK = 3;

const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;

/** One tick: a few sends and what followed them. */
export async function emitLiveEngagement() {
  const { rows } = await pool().query<{ external_id: string }>(
    // A few neighbours from a random point of the id range: one index range scan at any size.
    `SELECT external_id FROM profiles
      WHERE id >= (SELECT floor(random() * max(id)) FROM profiles)
        AND external_id IS NOT NULL AND email IS NOT NULL AND NOT is_test
        AND COALESCE(attributes->>'unsubscribed', 'false') <> 'true'
      ORDER BY id
      LIMIT $1`,
    [SENDS_PER_TICK],
  );
  const now = Date.now();
  const messages: IngestMessage[] = [];
  for (const { external_id } of rows) {
    const campaign = pick([CAMPAIGNS.newsletter, CAMPAIGNS.winback]);
    const context = {
      campaign_id: campaign.campaignId,
      journey_id: campaign.journeyId,
      message_id: `dlv_live_${randomUUID().slice(0, 12)}`,
      variation: pick(["A", "B"]),
    };
    const steps = ["email_sent", "email_delivered", ...(Math.random() < 0.45 ? ["email_opened"] : [])];
    if (steps.includes("email_opened") && Math.random() < 0.3) steps.push("email_clicked");
    steps.forEach((name, i) =>
      messages.push({
        externalId: external_id,
        anonymousId: null,
        event: {
          type: "engagement",
          name,
          properties: {
            ...context,
            object_type: "email",
            ...(name === "email_clicked" ? { href: "https://demo.store/new-arrivals" } : {}),
          },
          messageId: `demo-live:${context.message_id}:${name}`,
          occurredAt: new Date(now + i * 400),
        },
      }),
    );
  }
  if (messages.length) await writeMessages(messages, { sourceId: null, receivedAt: new Date() });
}

/** Starts the trickle; the returned function stops it. */
export function startLiveEngagement(): () => void {
  const timer = setInterval(() => emitLiveEngagement().catch((e) => logger.warn({ err: e }, "demo live engagement failed")), TICK_MS);
  return () => clearInterval(timer);
}
