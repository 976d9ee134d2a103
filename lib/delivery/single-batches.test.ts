import { afterEach, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { batchIdFor } from "@/lib/delivery/batch-id";
import { deliverEndpoint } from "@/lib/delivery/deliver-endpoint";
import { ensureEndpoint } from "@/lib/delivery/endpoints";
import { enqueueDeliveries } from "@/lib/delivery/enqueue";
import type { SendOutcome } from "@/lib/delivery/send-outcome";
import type { DeliverySender, EndpointConfig, OutboundBatch } from "@/lib/delivery/sender";

// One-message endpoints (webhook actions: batch size 1, many requests in flight) form, claim and
// record many batches per statement. These check that the guarantees the per-batch path gives still
// hold there: a person has one request in flight and gets them in order, each request keeps its
// content-derived webhook-id, failures are retried without holding back anyone else, and the
// attempts and minute counts say what happened.

const CONFIG: EndpointConfig = { batchSize: 1, maxWaitMs: 0, timeoutMs: 5_000, retrySchedule: [0], concurrency: 16 };
const ENDPOINT = "ep-single";

type Sent = { batch: OutboundBatch; person: string };

/** A receiver in memory: records what it was sent, notes overlapping requests of one person, refuses what `refuse` says. */
function memorySender(refuse: (b: OutboundBatch) => boolean = () => false) {
  const sent: Sent[] = [];
  const inFlight = new Set<string>();
  const overlaps: string[] = [];
  const sender: DeliverySender = {
    kind: "test",
    config: async () => CONFIG,
    async send(batch): Promise<SendOutcome> {
      const person = batch.messages[0]!.orderingKey;
      if (inFlight.has(person)) overlaps.push(person);
      inFlight.add(person);
      await new Promise((r) => setTimeout(r, 2));
      inFlight.delete(person);
      sent.push({ batch, person });
      return refuse(batch)
        ? { kind: "failed", status: 500, error: "no", answered: true }
        : { kind: "delivered", status: 200, excerpt: "ok" };
    },
  };
  return { sender, sent, overlaps };
}

async function drain(sender: DeliverySender) {
  for (let pass = 0; pass < 200; pass++) {
    const n = await deliverEndpoint(ENDPOINT, sender, CONFIG);
    const { rows } = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id = $1 AND state = 'queued'`,
      [ENDPOINT],
    );
    if (!n && !rows[0]!.n) return;
  }
  throw new Error("outbox did not drain");
}

afterEach(async () => {
  await pool().query(`DELETE FROM delivery_endpoints WHERE id = $1`, [ENDPOINT]);
});

describe("one-message batches", () => {
  it("sends each person's requests one at a time, in order, each under its own webhook-id, and records every one", async () => {
    await ensureEndpoint(pool(), ENDPOINT, "test");
    // 5 people with 6 requests each, interleaved; person p3 also has a run of requests in a row.
    const messages = Array.from({ length: 30 }, (_, i) => ({ orderingKey: `p${i % 5}`, payload: { n: i } }));
    messages.push(...Array.from({ length: 4 }, (_, i) => ({ orderingKey: "p3", payload: { n: 30 + i } })));
    const ids = await enqueueDeliveries(pool(), ENDPOINT, messages);
    const rx = memorySender();
    await drain(rx.sender);

    expect(rx.overlaps).toEqual([]);
    expect(rx.sent.map((s) => s.batch.id).sort()).toEqual(ids.map((id) => batchIdFor(ENDPOINT, [id])).sort());
    for (const person of ["p0", "p1", "p2", "p3", "p4"]) {
      const got = rx.sent.filter((s) => s.person === person).map((s) => Number(s.batch.messages[0]!.deliveryId));
      expect(got.length).toBeGreaterThan(5);
      expect(got).toEqual([...got].sort((a, b) => a - b));
    }
    const attempts = await pool().query<{ outcome: string; n: number }>(
      `SELECT outcome, count(*)::int AS n FROM delivery_attempts WHERE endpoint_id = $1 GROUP BY outcome`,
      [ENDPOINT],
    );
    expect(attempts.rows).toEqual([{ outcome: "delivered", n: 34 }]);
    const minutes = await pool().query<{ enqueued: number; delivered: number }>(
      `SELECT sum(enqueued)::int AS enqueued, sum(delivered)::int AS delivered FROM delivery_minutes WHERE endpoint_id = $1`,
      [ENDPOINT],
    );
    expect(minutes.rows[0]).toEqual({ enqueued: 34, delivered: 34 });
    const batches = await pool().query<{ state: string; n: number }>(
      `SELECT state, count(*)::int AS n FROM delivery_batches WHERE endpoint_id = $1 GROUP BY state`,
      [ENDPOINT],
    );
    expect(batches.rows).toEqual([{ state: "delivered", n: 34 }]);
  });

  it("retries a refused request under the same webhook-id, then dead-letters it, while the person waits and others flow", async () => {
    await ensureEndpoint(pool(), ENDPOINT, "test");
    const ids = await enqueueDeliveries(pool(), ENDPOINT, [
      { orderingKey: "bad", payload: { n: 0 } },
      { orderingKey: "bad", payload: { n: 1 } },
      ...Array.from({ length: 8 }, (_, i) => ({ orderingKey: `ok${i}`, payload: { n: i } })),
    ]);
    const refused = batchIdFor(ENDPOINT, [ids[0]!]);
    const rx = memorySender((b) => b.id === refused);
    await drain(rx.sender);

    // Two attempts (the schedule has one retry), both under one id; the person's second request
    // went only after the first was dead, everyone else's once each.
    const tries = rx.sent.filter((s) => s.batch.id === refused);
    expect(tries.map((s) => s.batch.attempts)).toEqual([0, 1]);
    const bad = rx.sent.filter((s) => s.person === "bad").map((s) => s.batch.messages[0]!.deliveryId);
    expect(bad).toEqual([ids[0], ids[0], ids[1]]);
    expect(rx.sent.filter((s) => s.person.startsWith("ok"))).toHaveLength(8);
    const dead = await pool().query<{ id: string }>(`SELECT id::text FROM deliveries WHERE endpoint_id = $1 AND state = 'dead'`, [
      ENDPOINT,
    ]);
    expect(dead.rows).toEqual([{ id: ids[0] }]);
    const attempts = await pool().query<{ outcome: string; n: number }>(
      `SELECT outcome, count(*)::int AS n FROM delivery_attempts WHERE endpoint_id = $1 GROUP BY outcome ORDER BY outcome`,
      [ENDPOINT],
    );
    expect(attempts.rows).toEqual([
      { outcome: "delivered", n: 9 },
      { outcome: "failed", n: 2 },
    ]);
  });
});
