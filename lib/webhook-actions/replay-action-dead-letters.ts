import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { replayDeadLetters } from "@/lib/delivery/dead-letters";
import { AppError } from "@/lib/errors";

// Sending dead requests again, all or the ones named: the ledger puts them back in the outbox
// under their original webhook-id, as rendered then (the version they name), with the secrets
// filled in at send time. This checks the role and the action, and writes the audit entry.

export async function replayActionDeadLetters(
  actor: Actor,
  actionId: string,
  which: { deadLetters: "all" } | { deliveryIds: string[] },
): Promise<{ replayed: number }> {
  requireRole(actor, "editor");
  const row = await db().webhookAction.findUnique({ where: { id: actionId }, select: { id: true } });
  if (!row) throw new AppError("not_found", "No such webhook action.");
  const { replayed } = await replayDeadLetters(actionId, "deadLetters" in which ? "all" : { deliveryIds: which.deliveryIds });
  await db().$transaction((tx) =>
    recordAudit(tx, actor, {
      action: "webhook_action.replayed",
      entityType: "webhook_action",
      entityId: actionId,
      after: { ...("deadLetters" in which ? { deadLetters: "all" } : { deliveryIds: which.deliveryIds }), replayed },
    }),
  );
  return { replayed };
}
