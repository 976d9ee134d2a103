import type { AudienceItem, BatchPosition, BatchResult, Connector, ConnectorContext } from "@/lib/connectors/contract";
import type { ConnectorError } from "@/lib/connectors/errors";
import { sleep } from "@/lib/connectors/http";
import { asConnectorError, isThrottle, waitMs, type RetryPolicy } from "@/lib/sync/retry-policy";

// One batch through the connector, with retries. The outcome says what the executor must do:
// commit the per-item results, split the batch (payload refused), count it failed (retries
// exhausted), or stop the run (auth: pause the sync; permanent: the audience is gone).

export type Op = "add" | "remove";

export type SendOutcome =
  | { kind: "sent"; result: BatchResult; attempts: number; throttled: number; throttleWaitMs: number }
  | {
      kind: "payload" | "failed" | "auth" | "permanent";
      error: ConnectorError;
      attempts: number;
      throttled: number;
      throttleWaitMs: number;
    };

export type SendInput = {
  connector: Connector<unknown, unknown>;
  ctx: Omit<ConnectorContext<unknown, unknown>, "batch" | "signal">;
  audienceId: string;
  op: Op;
  items: AudienceItem[];
  position: BatchPosition;
  policy: RetryPolicy;
  signal: AbortSignal;
};

export async function sendBatch(input: SendInput): Promise<SendOutcome> {
  const { connector, op, policy, signal } = input;
  let attempts = 0;
  let failures = 0;
  let throttled = 0;
  let throttleWaitMs = 0;
  for (;;) {
    attempts++;
    const ctx = { ...input.ctx, signal, batch: input.position };
    try {
      const result =
        op === "add"
          ? await connector.addMembers(ctx, input.audienceId, input.items)
          : await connector.removeMembers(ctx, input.audienceId, input.items);
      return { kind: "sent", result, attempts, throttled, throttleWaitMs };
    } catch (e) {
      if (signal.aborted) throw signal.reason ?? e;
      const error = asConnectorError(e);
      const done = { error, attempts, throttled, throttleWaitMs };
      if (error.kind === "auth" || error.kind === "permanent" || error.kind === "payload") return { kind: error.kind, ...done };
      let wait: number;
      if (isThrottle(error)) {
        throttled++;
        wait = waitMs(error, throttled, policy);
        if (throttleWaitMs + wait > policy.maxThrottleWaitMs) return { kind: "failed", ...done };
        throttleWaitMs += wait;
      } else {
        failures++;
        if (failures >= policy.maxAttempts) return { kind: "failed", ...done };
        wait = waitMs(error, failures, policy);
      }
      await sleep(wait, signal);
    }
  }
}
