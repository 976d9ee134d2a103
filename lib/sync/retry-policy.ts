import { ConnectorError, isConnectorError } from "@/lib/connectors/errors";

// How the engine waits between attempts of one batch. Exponential backoff with full jitter
// (AWS Architecture Blog, "Exponential Backoff and Jitter") so a fleet of workers does not retry
// in lockstep; a platform's Retry-After wins when it is longer. Throttling has its own budget of
// waiting time instead of attempts: it is the platform pacing us, never a failure.

export type RetryPolicy = {
  /** Attempts for server errors and timeouts before the batch counts as failed. */
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
  /** Total time one batch may spend waiting out throttling before it counts as failed. */
  maxThrottleWaitMs: number;
};

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseMs: 500, maxMs: 60_000, maxThrottleWaitMs: 15 * 60_000 };

export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

/** Throttling: HTTP 429, or any retryable answer that told us how long to wait. */
export function isThrottle(e: ConnectorError): boolean {
  return (
    e.kind === "retryable" &&
    (e.details.status === 429 || e.details.retryAfterMs !== undefined || /rate limit|throttl|too many requests/i.test(e.message))
  );
}

/** The wait before the next attempt: the platform's Retry-After (plus a little jitter) or our backoff. */
export function waitMs(e: ConnectorError, attempt: number, policy: RetryPolicy, random = Math.random): number {
  const backoff = backoffMs(attempt, policy, random);
  const told = e.details.retryAfterMs;
  if (told === undefined) return backoff;
  return Math.max(told + Math.round(random() * Math.min(1_000, told * 0.1)), Math.min(backoff, told * 2));
}

/** Non-connector errors (a bug, a DNS library throwing something odd) are treated as one failed attempt. */
export function asConnectorError(e: unknown): ConnectorError {
  if (isConnectorError(e)) return e;
  return new ConnectorError("retryable", e instanceof Error ? e.message : String(e));
}
