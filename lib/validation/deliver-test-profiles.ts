import type { Connector, ConnectorContext, ItemResult } from "@/lib/connectors/contract";
import { mergeUploadStats, type UploadStats } from "@/lib/sync/platform-stats";
import type { RetryPolicy } from "@/lib/sync/retry-policy";
import { sendBatch, type Op } from "@/lib/sync/send-batch";
import type { TestItem } from "@/lib/validation/validation-items";

// Sends test profiles through the sync's own connector with the engine's batch path
// (lib/sync/send-batch.ts: retries, throttling, error kinds), never through a wire format of our
// own. Nothing here writes the sync's bookkeeping (audience_members): the people a live run
// tracks are untouched, and a validation's own sends are recorded only in its steps.

export type Delivery = {
  op: Op;
  /** Per profile: what the destination answered. */
  results: { profileId: string; label: string; status: ItemResult["status"]; code?: string; message?: string }[];
  /** The platform's own per-call figures (Meta num_received / num_invalid_entries, Google request ids…). */
  stats: UploadStats;
  /** Redacted request/response summaries, one per call. */
  calls: { request?: unknown; response?: unknown }[];
  /** Set when the destination refused the whole call (auth, a permanent error, retries exhausted). */
  error: string | null;
};

export type DeliverInput = {
  connector: Connector<unknown, unknown>;
  ctx: Omit<ConnectorContext<unknown, unknown>, "batch" | "signal">;
  audienceId: string;
  batchSize: number;
  policy: RetryPolicy;
  /** Chains the calls into one upload session where the platform has them (Meta). */
  sessionId: string;
};

export async function deliverTestProfiles(input: DeliverInput, op: Op, items: TestItem[]): Promise<Delivery> {
  const out: Delivery = { op, results: [], stats: {}, calls: [], error: null };
  const chunks: TestItem[][] = [];
  for (let i = 0; i < items.length; i += input.batchSize) chunks.push(items.slice(i, i + input.batchSize));
  const signal = new AbortController().signal;
  for (const [i, chunk] of chunks.entries()) {
    const outcome = await sendBatch({
      connector: input.connector,
      ctx: input.ctx,
      audienceId: input.audienceId,
      op,
      items: chunk.map((t) => t.item),
      position: { runId: input.sessionId, seq: i + 1, last: i === chunks.length - 1, estimatedTotal: items.length },
      policy: input.policy,
      signal,
    });
    if (outcome.kind !== "sent") {
      out.error = outcome.error.message;
      for (const t of chunk) out.results.push({ profileId: t.profileId, label: t.label, status: "failed", message: outcome.error.message });
      continue;
    }
    const byKey = new Map(outcome.result.items.map((r) => [r.key, r]));
    for (const t of chunk) {
      const r = byKey.get(t.item.key);
      out.results.push({
        profileId: t.profileId,
        label: t.label,
        status: r?.status ?? "failed",
        ...(r?.code ? { code: r.code } : {}),
        ...(r?.message || !r ? { message: r?.message ?? "The destination gave no answer for this person" } : {}),
      });
    }
    mergeUploadStats(out.stats, outcome.result.stats);
    out.calls.push({ request: outcome.result.request, response: outcome.result.response });
  }
  return out;
}
