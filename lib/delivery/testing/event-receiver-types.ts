import type http from "node:http";

// The shapes the local event receiver (event-receiver.ts) records and answers with.

export type ReceivedEvent = { id: string; name?: string; person: string | null; receivedAt?: string };

export type ReceivedBatch = {
  /** Request number since start (counts every verified request). */
  n: number;
  webhookId: string;
  timestamp: number;
  streamId?: string;
  events: ReceivedEvent[];
  /** Distinct person keys in this batch (external_id, else anonymous_id). */
  persons: string[];
  /** How many times this webhook-id had been seen before this request (0 = first). */
  previousSightings: number;
  at: number;
  /** The parsed request body as sent (kept only in record mode, like the batch itself). */
  body: unknown;
  /** The request headers (user-agent, custom headers, authorization) as received. */
  headers: http.IncomingHttpHeaders;
};

export type EventFault =
  /** Answer this status (and headers, e.g. 429 + Retry-After). Not kept unless `keep`. */
  | { status: number; headers?: Record<string, string>; body?: unknown; keep?: boolean }
  /** Wait, then answer `status` (200 by default). Kept unless `keep: false` (the receiver worked on it meanwhile). */
  | { hangMs: number; status?: number; keep?: boolean }
  /** Drop the connection without an answer. Not kept unless `keep`. */
  | { close: true; keep?: boolean }
  /** 410 Gone: "stop sending". Not kept. */
  | { gone: true }
  /** Refuse (status, 500 by default) only batches holding one of these persons; every other batch is kept as usual. */
  | { failPersons: string[]; status?: number; headers?: Record<string, string> };

export type EventFaultFn = (batch: ReceivedBatch) => EventFault | null | undefined;

export type EventReceiverStats = {
  /** Every request, including refused ones. */
  requests: number;
  badSignatures: number;
  /** Verified, but not an event_stream.batch body. */
  malformed: number;
  /** Requests whose events were kept. */
  keptRequests: number;
  /** Requests answered with an injected failure (or dropped). */
  faulted: number;
  /** Events kept, counting every copy. */
  eventsKept: number;
  /** Kept requests whose webhook-id had already been kept (what a receiver deduplicates on). */
  duplicateRequests: number;
};

export type WebhookIdRecord = { firstSeenAt: number; seen: number; kept: number; eventIds: string[] };
export type EventRecord = { kept: number; webhookIds: Set<string>; firstKeptAt: number };

export type EventReceiver = {
  url: string;
  fault: EventFaultFn | null;
  stats: EventReceiverStats;
  /** Every verified request in arrival order (record mode only). */
  batches: ReceivedBatch[];
  /** Per webhook-id (record mode only). */
  webhookIds: Map<string, WebhookIdRecord>;
  /** Per event id: how often and under which webhook-ids it was kept (record mode only). */
  events: Map<string, EventRecord>;
  /** Per person key: event ids in the order they were first kept (record mode only). */
  personOrder: Map<string, string[]>;
  /** Lag of each event at its first keeping, in ms (both modes; every copy when not recording). */
  lagSamplesMs: number[];
  /** Webhook-ids kept more than once, with how often (allowed only across a worker kill). */
  duplicatesByWebhookId(): { webhookId: string; kept: number; seen: number }[];
  /** Whether each expected event was kept under exactly one webhook-id, and what else came. */
  eventsDeliveredOnce(ids: Iterable<string>): EventsDeliveredOnce;
  /** Persons whose events arrived in another order than expected (only events that arrived are compared). */
  orderViolations(
    expectedOrderByPerson: Map<string, string[]> | Record<string, string[]>,
  ): { person: string; expected: string[]; actual: string[] }[];
  lagPercentiles(): { count: number; p50: number; p90: number; p99: number; max: number };
  /** Resolves once `count` distinct events (record mode) or kept event copies (counters only) have arrived. */
  waitForEvents(count: number, opts?: { timeoutMs?: number }): Promise<void>;
  /** Forget everything received (the fault stays). */
  reset(): void;
  /** The request handler, for mounting in another server (the dev demo). */
  handler: http.RequestListener;
  close(): Promise<void>;
};

export type EventsDeliveredOnce = {
  ok: boolean;
  /** Expected but never kept. */
  missing: string[];
  /** Kept under two or more different webhook-ids: a real duplicate no receiver can deduplicate by webhook-id. */
  inSeveralWebhookIds: string[];
  /** Kept more than once under the same webhook-id (a resend; deduplicated by webhook-id). */
  resent: string[];
  /** Kept but not expected. */
  unexpected: string[];
};

export type EventReceiverOptions = {
  /** Any of these verifies (a rotation sends two signatures). */
  secrets: string[];
  /** false: keep only counters and lag samples (the bench's million events). Default true. */
  record?: boolean;
  port?: number;
  /** customerio: verify X-CIO-Signature instead of webhook-signature. */
  mode?: "standard" | "customerio";
  toleranceSeconds?: number;
  /** Largest request body accepted; larger ones get 413. */
  maxBodyBytes?: number;
};

export const emptyStats = (): EventReceiverStats => ({
  requests: 0,
  badSignatures: 0,
  malformed: 0,
  keptRequests: 0,
  faulted: 0,
  eventsKept: 0,
  duplicateRequests: 0,
});

export type WireEvent = {
  id?: unknown;
  name?: unknown;
  received_at?: unknown;
  person?: { external_id?: unknown; anonymous_id?: unknown } | null;
};
