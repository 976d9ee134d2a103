import { pool } from "@/lib/db";
import { endpointFigures, type EndpointFigures, type EndpointState } from "@/lib/delivery/endpoint-figures";
import type { ActionState } from "@/lib/webhook-actions/action-schemas";

// The one place an action's figures and status word are computed; the list, the action's page
// and the API all read these. From the ledger (lib/delivery/endpoint-figures.ts): sent, queued,
// retrying, held, dead, lag. From webhook_action_triggers: triggers waiting for their delay
// (pending) and the ones that did not send, by reason (frequency limit, left the segment, ...).

export type ActionStatus = {
  state: "draft" | EndpointState;
  word: string;
  reason: string | null;
  since: Date | null;
};

export type SkipCount = { reason: string; words: string; count: number; example: string | null };

export type ActionFigures = {
  status: ActionStatus;
  /** Requests delivered in the last 24 hours (test sends included). */
  sent24h: number;
  queued: number;
  retrying: number;
  held: number;
  dead: number;
  lagSeconds: number | null;
  /** Triggers waiting for their delay, or (paused) for the action to be set live again. */
  pending: number;
  /** Triggers decided in the last 24 hours that sent nothing, by reason. */
  skipped24h: number;
  skippedByReason: SkipCount[];
  perMinute: EndpointFigures["perMinute"];
};

const SKIP_WORDS: Record<string, string> = {
  frequency_limit: "Frequency limit",
  left_segment: "Left the segment before the delay ended",
  returned_to_segment: "Back in the segment before the delay ended",
  action_paused: "The action was paused",
  render_failed: "The template could not be rendered",
};

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function statusOf(state: ActionState, figures: EndpointFigures | undefined): ActionStatus {
  if (state === "draft") return { state: "draft", word: "Draft", reason: "Nothing is sent until it is set live.", since: null };
  if (!figures)
    return { state: "paused", word: "Unavailable", reason: "This action's delivery record is missing; it sends nothing.", since: null };
  const h = figures.health;
  if (state === "paused" && h.state !== "paused")
    // The action is paused but the ledger endpoint is not (yet): say what the person set.
    return { state: "paused", word: "Paused", reason: "Paused: nothing is sent until it is set live again.", since: null };
  if (h.state === "paused")
    return state === "paused"
      ? { ...h, reason: "Paused: what is queued or fires meanwhile is kept and goes out, in order, when it is set live again." }
      : // Live, but the ledger stopped (the receiver answered 410): its reason, and how to go on.
        { ...h, reason: `${h.reason ?? "Stopped by the receiver."} Set it live again to resume; nothing queued was dropped.` };
  if (h.state === "retrying")
    return { ...h, reason: `${plural(figures.retrying, "request is", "requests are")} waiting for a retry; other people's keep going.` };
  if (h.state === "idle") return { ...h, reason: "Live; nothing has fired in the last hour." };
  return h;
}

type TriggerRow = { action_id: string; pending: number; reason: string | null; n: number; example: string | null };

/** By action id; an id with no action is left out. */
export async function actionFigures(ids: string[]): Promise<Map<string, ActionFigures>> {
  const out = new Map<string, ActionFigures>();
  if (!ids.length) return out;
  const [{ rows: actions }, ledger, { rows }] = await Promise.all([
    pool().query<{ id: string; state: string }>(`SELECT id, state FROM webhook_actions WHERE id = ANY($1::text[])`, [ids]),
    endpointFigures(ids),
    pool().query<TriggerRow>(
      `SELECT action_id, NULL AS reason, count(*)::int AS pending, 0 AS n, NULL AS example
         FROM webhook_action_triggers WHERE action_id = ANY($1::text[]) AND state = 'pending' GROUP BY action_id
       UNION ALL
       SELECT action_id, split_part(skip_reason, ':', 1) AS reason, 0, count(*)::int, max(skip_reason)
         FROM webhook_action_triggers
        WHERE action_id = ANY($1::text[]) AND state = 'skipped' AND decided_at > now() - interval '24 hours'
        GROUP BY action_id, split_part(skip_reason, ':', 1)`,
      [ids],
    ),
  ]);
  for (const a of actions) {
    const f = ledger.get(a.id);
    const mine = rows.filter((r) => r.action_id === a.id);
    const skippedByReason = mine
      .filter((r) => r.reason !== null)
      .map((r) => ({
        reason: r.reason!,
        words: SKIP_WORDS[r.reason!] ?? r.reason!,
        count: r.n,
        // A render failure's message says what to fix; the other reasons say it all in their words.
        example: r.reason === "render_failed" ? r.example : null,
      }))
      .sort((x, y) => y.count - x.count);
    out.set(a.id, {
      status: statusOf(a.state as ActionState, f),
      sent24h: f?.delivered24h ?? 0,
      queued: f?.queued ?? 0,
      retrying: f?.retrying ?? 0,
      held: f?.held ?? 0,
      dead: f?.dead ?? 0,
      lagSeconds: f?.lagSeconds ?? null,
      pending: mine.reduce((s, r) => s + r.pending, 0),
      skipped24h: skippedByReason.reduce((s, r) => s + r.count, 0),
      skippedByReason,
      perMinute: f?.perMinute ?? [],
    });
  }
  return out;
}
