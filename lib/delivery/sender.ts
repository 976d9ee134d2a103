import type { SendOutcome } from "@/lib/delivery/send-outcome";

// What the ledger needs from each kind of endpoint (an event stream today; webhook actions and
// notifications later): its batching and retry settings, and a way to send one batch. The ledger
// owns everything else (batching, ordering, leases, retries, holding, dead letters, records).

export type EndpointConfig = {
  /** Messages per request. */
  batchSize: number;
  /** How long a message may wait for its batch to fill before a smaller batch goes. */
  maxWaitMs: number;
  /** The sender's own request timeout; the lease on a batch outlives it. */
  timeoutMs: number;
  /** Seconds to wait after the 1st, 2nd, … failed attempt; past the last, the batch is dead. */
  retrySchedule: number[];
  /** Requests in flight at once for this endpoint. */
  concurrency: number;
};

export type OutboundMessage = { deliveryId: string; orderingKey: string; eventId: string | null; payload: unknown };

export type OutboundBatch = {
  /** The webhook-id: the same on every attempt of this batch. */
  id: string;
  endpointId: string;
  messages: OutboundMessage[];
  /** Failed attempts so far. */
  attempts: number;
  /** Sent while the endpoint is holding, to see whether it has recovered. */
  probe: boolean;
};

export type DeliverySender = {
  kind: string;
  /** null when the endpoint's owner no longer exists (its messages are then left alone). */
  config(endpointId: string): Promise<EndpointConfig | null>;
  send(batch: OutboundBatch, config: EndpointConfig): Promise<SendOutcome>;
};

/** Moves facts into the outbox (e.g. the stream fan-out from the events table); returns how many. */
export type DeliveryFeeder = () => Promise<number>;
