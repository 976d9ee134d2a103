import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { txQuery } from "@/lib/streams/tx-query";
import type { ActionState } from "@/lib/webhook-actions/action-schemas";
import { openActionSecrets } from "@/lib/webhook-actions/action-secrets";
import { actionView, definitionOf, type ActionView } from "@/lib/webhook-actions/action-view";
import { assertDefinitionSaveable } from "@/lib/webhook-actions/check-action-definition";
import { ACTION_KIND } from "@/lib/webhook-actions/create-action";
import { segmentNames } from "@/lib/webhook-actions/segment-names";

// Draft → live → paused → live. There is no way back to draft: requests already queued would go
// out under a word that says nothing is sent; pause it instead. Going live re-checks the saved definition
// (a segment archived since, a template the checks now refuse) and, from a draft, sets the start
// positions to this moment: the action fires for segment transitions and events stored from now
// on, never for the past. Resuming a paused action keeps its positions: what fired while paused
// waits as pending triggers (the runtime renders only a live action's), and requests already
// queued when it was paused were held by the ledger (its endpoint paused); both go out, in order,
// on resume. Nothing is dropped.

const PAUSED_REASON = "Paused: what is queued or fires meanwhile is kept and goes out, in order, when it is set live again.";

export async function setActionState(actor: Actor, actionId: string, state: ActionState): Promise<ActionView> {
  requireRole(actor, "editor");
  const row = await db().webhookAction.findUnique({ where: { id: actionId } });
  if (!row) throw new AppError("not_found", "No such webhook action.");
  if (!["draft", "live", "paused"].includes(state)) throw new AppError("bad_request", "The state is draft, live or paused.");
  // Live again while live: resumes an endpoint the receiver stopped (a 410 pauses it with the reason).
  const endpointPaused =
    state === "live" && (await db().deliveryEndpoint.findUnique({ where: { id: actionId }, select: { state: true } }))?.state === "paused";
  if (row.state === state && !endpointPaused) return actionView(row, await segmentNames([definitionOf(row).trigger]));
  if (state === "paused" && row.state === "draft") throw new AppError("conflict", "A draft sends nothing; set it live first.");
  if (state === "draft") throw new AppError("conflict", "An action that has been live cannot go back to draft; pause it instead.");
  const definition = definitionOf(row);
  if (state === "live") await assertDefinitionSaveable(definition, Object.keys(openActionSecrets(row.secretsEnc).secrets));

  const next = await db().$transaction(async (tx) => {
    const q = txQuery(tx);
    await q.query(`INSERT INTO delivery_endpoints (id, kind) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [actionId, ACTION_KIND]);
    let positions = {};
    if (state === "live" && row.state === "draft") {
      // The snapshot's xmax: every transaction committing after this one has an xid at or above it.
      const [{ xmax }] = await tx.$queryRaw<[{ xmax: bigint }]>`SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax`;
      positions = { startTransitionXid: xmax, startEventXid: xmax, liveAt: new Date() };
    }
    if (state === "live")
      await q.query(
        `UPDATE delivery_endpoints
            SET state = 'active', state_reason = NULL, state_changed_at = now(), consecutive_failures = 0,
                failing_since = NULL, next_probe_at = NULL, slow_until = NULL
          WHERE id = $1 AND state = 'paused'`,
        [actionId],
      );
    else
      await q.query(`UPDATE delivery_endpoints SET state = 'paused', state_reason = $2, state_changed_at = now() WHERE id = $1`, [
        actionId,
        PAUSED_REASON,
      ]);
    // Conditional on the state read above, so two people pressing at once make one change.
    const { count } = await tx.webhookAction.updateMany({
      where: { id: actionId, state: row.state },
      data: { state, ...positions, updatedAt: new Date() },
    });
    if (!count) throw new AppError("conflict", "Someone else changed this action's state at the same time; reload it.");
    await recordAudit(tx, actor, {
      action: `webhook_action.${state === "paused" ? "paused" : row.state === "draft" ? "set_live" : "resumed"}`,
      entityType: "webhook_action",
      entityId: actionId,
      before: { state: row.state },
      after: { state, version: row.version },
    });
    return tx.webhookAction.findUniqueOrThrow({ where: { id: actionId } });
  });
  if (state === "live" && (row.state === "paused" || endpointPaused))
    // Retries scheduled while paused go now rather than at their scheduled time (as resuming a stream does).
    await db().$executeRaw`UPDATE delivery_batches SET next_attempt_at = now() WHERE endpoint_id = ${actionId} AND state = 'pending'`;
  return actionView(next, await segmentNames([definition.trigger]));
}
