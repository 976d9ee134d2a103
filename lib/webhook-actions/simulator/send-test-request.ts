import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db, pool } from "@/lib/db";
import { ATTEMPT_OUTCOME_WORDS, listAttempts, type AttemptView } from "@/lib/delivery/attempts";
import { batchIdFor } from "@/lib/delivery/batch-id";
import { deliverEndpoint } from "@/lib/delivery/deliver-endpoint";
import { ensureEndpoint } from "@/lib/delivery/endpoints";
import { enqueueDeliveries } from "@/lib/delivery/enqueue";
import { describeSchedule } from "@/lib/delivery/retry-schedule";
import type { DeliverySender } from "@/lib/delivery/sender";
import { txQuery } from "@/lib/streams/tx-query";
import { actionOrderingKey, ACTION_PAYLOAD_VERSION, type ActionPayload } from "@/lib/webhook-actions/runtime/action-payload";
import { actionSender } from "@/lib/webhook-actions/runtime/action-sender";
import { takeTestResponse } from "@/lib/webhook-actions/runtime/test-responses";
import { echoReceiverUrl } from "@/lib/webhook-actions/simulator/echo-receiver";
import { loadSimulatedDefinition, renderSimulation, type SimulationResult } from "@/lib/webhook-actions/simulator/simulate-action";
import { personChoiceSchema } from "@/lib/webhook-actions/simulator/simulation-input";
import { triggerKindOf } from "@/lib/webhook-actions/simulator/simulation-scope";

// "Send a test": the simulated request goes the way every request of the action goes, through
// its ledger endpoint (so the test proves the real path: secrets filled in, signed, egress
// policy, attempt recorded), marked test: true in its payload (the sender adds
// x-downstream-test: true, skips the rate limit and never writes the answer onto the person; the
// attempt and the dead letter, if any, say Test). Like sendTestNotification, it asks the ledger
// for a pass over the endpoint at once and reads the attempt; the answer's headers and body come
// from the sender (runtime/test-responses.ts), secrets masked. The test has its own ordering key,
// so it never waits behind, or holds up, a person's real requests.

export const testSendInputSchema = personChoiceSchema.extend({
  /** "endpoint": the action's own URL; "echo": the built-in echo receiver, which answers with what it got. */
  target: z.enum(["endpoint", "echo"]).default("endpoint"),
});
export type TestSendInput = z.input<typeof testSendInputSchema>;

export type TestSendResult = {
  testId: string;
  /** not_sent: the request did not render (see simulation.problems). */
  outcome: "delivered" | "failed" | "waiting" | "not_sent";
  /** One sentence for the person who pressed the button. */
  message: string;
  target: "endpoint" | "echo";
  /** Where it went (secrets masked). */
  url: string | null;
  status: number | null;
  latencyMs: number | null;
  response: { headers: [string, string][]; body: string; complete: boolean } | null;
  /** What happens to this request if it fails, in words (the action's retry schedule). */
  retryPolicy: string;
  simulation: SimulationResult;
  attempt: AttemptView | null;
};

export async function sendTestRequest(
  actor: Actor,
  actionId: string,
  input: TestSendInput = {},
  opts: { sender?: DeliverySender } = {},
): Promise<TestSendResult> {
  requireRole(actor, "editor");
  const { target, ...choice } = testSendInputSchema.parse(input);
  const loaded = await loadSimulatedDefinition({ actionId });
  const sender = opts.sender ?? actionSender;
  const testId = randomUUID();
  const retryPolicy = retryPolicyWords(loaded.definition.retrySchedule);
  const { result: simulation, rendered } = await renderSimulation(loaded, choice, { test: true });
  const base = { testId, target, status: null, latencyMs: null, response: null, retryPolicy, simulation, attempt: null };
  if (!rendered || !simulation.request)
    return {
      ...base,
      outcome: "not_sent",
      url: null,
      message: "Nothing was sent: the request does not render. Fix the problems below first.",
    };

  const url = target === "echo" ? echoReceiverUrl(actionId) : rendered.url;
  const payload: ActionPayload = {
    v: ACTION_PAYLOAD_VERSION,
    actionId,
    version: loaded.version,
    triggerId: null,
    profileId: simulation.person?.profileId ?? null,
    externalId: simulation.person?.externalId ?? null,
    test: true,
    trigger: triggerKindOf(loaded.definition.trigger),
    request: { ...rendered, url },
  };
  // The audit entry names the test's batch (its webhook-id): the outbox row is gone once delivered,
  // so this is what marks the attempt as a test in the action's lists for as long as they are kept.
  const batchId = await db().$transaction(async (tx) => {
    const q = txQuery(tx);
    await ensureEndpoint(q, actionId, "webhook_action");
    const [deliveryId] = await enqueueDeliveries(q, actionId, [{ orderingKey: actionOrderingKey(null, testId), payload }]);
    const batchId = batchIdFor(actionId, [deliveryId!]);
    await recordAudit(tx, actor, {
      action: "webhook_action.test_sent",
      entityType: "webhook_action",
      entityId: actionId,
      after: { testId, test: true, target, batchId, person: simulation.person?.label ?? null, profileId: payload.profileId },
    });
    return batchId;
  });

  // An endpoint held after failures is probed now: the person pressing the button wants to know today.
  await pool().query(`UPDATE delivery_endpoints SET next_probe_at = now() WHERE id = $1 AND state = 'holding'`, [actionId]);
  const config = await sender.config(actionId);
  const deadline = Date.now() + (config?.timeoutMs ?? 15_000) + 5_000;
  let attempt: AttemptView | null = null;
  while (config && Date.now() < deadline) {
    await deliverEndpoint(actionId, sender, config);
    attempt = (await listAttempts(actionId, { limit: 1, batchIds: [batchId] })).attempts[0] ?? null;
    if (attempt) break;
    const { rows } = await pool().query<{ state: string }>(`SELECT state FROM delivery_endpoints WHERE id = $1`, [actionId]);
    if (rows[0]?.state === "paused") break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const shownUrl = target === "echo" ? url : simulation.request.url;
  if (!attempt) return { ...base, outcome: "waiting", url: shownUrl, message: await waitingWords(actionId) };
  const answer = takeTestResponse(batchId);
  const response = answer
    ? { headers: answer.headers, body: answer.body, complete: answer.complete }
    : attempt.responseExcerpt
      ? { headers: [], body: attempt.responseExcerpt, complete: false }
      : null;
  const common = { ...base, url: shownUrl, status: attempt.status, latencyMs: attempt.durationMs, response, attempt };
  if (attempt.outcome === "delivered")
    return {
      ...common,
      outcome: "delivered",
      message: `Delivered: the ${target === "echo" ? "echo receiver" : "endpoint"} answered ${attempt.status ?? "OK"}.`,
    };
  const why = attempt.error ?? ATTEMPT_OUTCOME_WORDS[attempt.outcome] ?? attempt.outcome;
  const hint =
    target === "echo" && attempt.outcome === "unreachable"
      ? ` The echo receiver is at ${url}; this server's egress policy must allow it (EGRESS_ALLOW).`
      : "";
  return { ...common, outcome: "failed", message: `${why}${hint} The test stays queued and is retried like any request of this action.` };
}

/** The action's retry schedule (seconds to wait after the 1st, 2nd, … failure; lib/delivery/retry-schedule.ts) in words. */
export function retryPolicyWords(schedule: number[]): string {
  if (schedule.length === 0) return "A failed request is not retried: it is kept as a dead letter you can replay.";
  const times = schedule.length === 1 ? "once more" : `${schedule.length} more times`;
  return (
    `If a request fails it is tried ${times}, waiting ${describeSchedule(schedule)}; after the last try it is kept as a dead letter you can replay. ` +
    "Answers asking to slow down (429, 502, 503, 504) wait without using up a try."
  );
}

async function waitingWords(actionId: string): Promise<string> {
  const { rows } = await pool().query<{ state: string; state_reason: string | null }>(
    `SELECT state, state_reason FROM delivery_endpoints WHERE id = $1`,
    [actionId],
  );
  const ep = rows[0];
  return ep?.state === "paused"
    ? `The action's sending is paused${ep.state_reason ? ` (${ep.state_reason})` : ""}; the test goes out when it is resumed.`
    : "The test is queued behind a slow-down the endpoint asked for; it goes out as soon as that ends.";
}
