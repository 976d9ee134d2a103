import { sleep } from "@/lib/connectors/http";
import { asConnectorError, isThrottle, waitMs, type RetryPolicy } from "@/lib/sync/retry-policy";

// Retries for the engine's calls outside batches (creating the remote audience, reading its
// size): retryable errors back off like batches do; anything else is thrown to the caller.
export async function callWithRetries<T>(fn: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  let failures = 0;
  let throttleWait = 0;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      const error = asConnectorError(e);
      if (error.kind !== "retryable" || signal?.aborted) throw error;
      failures++;
      const wait = waitMs(error, failures, policy);
      if (isThrottle(error) ? (throttleWait += wait) > policy.maxThrottleWaitMs : failures >= policy.maxAttempts) throw error;
      await sleep(wait, signal);
    }
  }
}
