import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { deleteEndpoint } from "@/lib/delivery/endpoints";
import { AppError } from "@/lib/errors";
import { txQuery } from "@/lib/streams/tx-query";

// Deleting an action deletes its ledger endpoint too, and with it every request still owed
// (queued, retrying, held or dead); its versions and triggers go with the row (cascade).

export async function deleteAction(actor: Actor, actionId: string): Promise<{ dropped: number }> {
  requireRole(actor, "editor");
  return db().$transaction(async (tx) => {
    const before = await tx.webhookAction.findUnique({ where: { id: actionId } });
    if (!before) throw new AppError("not_found", "No such webhook action.");
    const [{ n }] = await tx.$queryRaw<[{ n: bigint }]>`SELECT count(*) AS n FROM deliveries WHERE endpoint_id = ${actionId}`;
    await tx.webhookAction.delete({ where: { id: actionId } });
    await deleteEndpoint(txQuery(tx), actionId);
    await recordAudit(tx, actor, {
      action: "webhook_action.deleted",
      entityType: "webhook_action",
      entityId: actionId,
      before: { name: before.name, state: before.state, version: before.version, trigger: before.trigger },
      after: { undeliveredDropped: Number(n) },
    });
    return { dropped: Number(n) };
  });
}
