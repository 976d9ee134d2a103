import { pool } from "@/lib/db";
import { deliverEndpoint } from "@/lib/delivery/deliver-endpoint";
import type { DeliveryFeeder, DeliverySender, EndpointConfig } from "@/lib/delivery/sender";
import { logger } from "@/lib/logger";

// The ledger's worker loop, run by every worker process (lib/jobs/worker.ts): feed the outbox (the
// stream fan-out), then give every endpoint with work a pass. A busy loop goes round again at once;
// an idle one sleeps `idleMs`, which bounds how long a new event waits before it is batched.
// Stateless: any number of processes share the work through row locks and leases.

const ENDPOINTS_WITH_WORK = `
SELECT e.id, e.kind FROM delivery_endpoints e
 WHERE e.state <> 'paused'
   AND (EXISTS (SELECT 1 FROM deliveries d WHERE d.endpoint_id = e.id AND d.state = 'queued' AND d.batch_id IS NULL)
        OR EXISTS (SELECT 1 FROM delivery_batches b WHERE b.endpoint_id = e.id AND b.state = 'pending'
                     AND (b.next_attempt_at <= now() OR e.state = 'holding')
                     AND (b.lease_until IS NULL OR b.lease_until < now())))
 ORDER BY e.id`;

const PARALLEL_ENDPOINTS = 8;
const CONFIG_TTL_MS = 2_000;

export type DeliveryLoopOptions = { feeders: DeliveryFeeder[]; senders: DeliverySender[]; idleMs?: number };

/** Starts the loop; the returned function stops it after the pass in progress. */
export function startDeliveryLoop(options: DeliveryLoopOptions): () => Promise<void> {
  const idleMs = options.idleMs ?? 200;
  const senders = new Map(options.senders.map((s) => [s.kind, s]));
  const configs = new Map<string, { at: number; config: EndpointConfig | null }>();
  let running = true;
  let wake: (() => void) | null = null;

  const configFor = async (sender: DeliverySender, id: string) => {
    const hit = configs.get(id);
    if (hit && Date.now() - hit.at < CONFIG_TTL_MS) return hit.config;
    const config = await sender.config(id);
    configs.set(id, { at: Date.now(), config });
    return config;
  };

  const pass = async (): Promise<number> => {
    let work = 0;
    for (const feed of options.feeders) work += await feed();
    const { rows } = await pool().query<{ id: string; kind: string }>(ENDPOINTS_WITH_WORK);
    for (let i = 0; i < rows.length; i += PARALLEL_ENDPOINTS) {
      const done = await Promise.all(
        rows.slice(i, i + PARALLEL_ENDPOINTS).map(async ({ id, kind }) => {
          const sender = senders.get(kind);
          const config = sender && (await configFor(sender, id));
          return sender && config ? deliverEndpoint(id, sender, config) : 0;
        }),
      );
      work += done.reduce((a, b) => a + b, 0);
    }
    return work;
  };

  const finished = (async () => {
    while (running) {
      let work = 0;
      try {
        work = await pass();
      } catch (e) {
        logger.warn({ err: e }, "delivery pass failed; retrying shortly");
        work = 0;
      }
      if (!work && running) await new Promise<void>((r) => ((wake = r), setTimeout(r, idleMs)));
    }
  })();

  return async () => {
    running = false;
    wake?.();
    await finished;
  };
}
