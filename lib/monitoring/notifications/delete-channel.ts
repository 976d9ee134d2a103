import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { deleteEndpoint } from "@/lib/delivery/endpoints";
import { AppError } from "@/lib/errors";
import { txQuery } from "@/lib/streams/tx-query";

// Deleting a channel deletes its ledger endpoint and with it the notifications it still owed
// (the confirm dialog says how many). Rules naming it skip it from then on (enqueueAlertNotifications).

export async function deleteChannel(actor: Actor, channelId: string): Promise<{ dropped: number }> {
  requireRole(actor, "editor");
  return db().$transaction(async (tx) => {
    const before = await tx.notificationChannel.findUnique({ where: { id: channelId } });
    if (!before) throw new AppError("not_found", "No such notification channel.");
    const [{ n }] = await tx.$queryRaw<[{ n: bigint }]>`SELECT count(*) AS n FROM deliveries WHERE endpoint_id = ${channelId}`;
    await tx.notificationChannel.delete({ where: { id: channelId } });
    await deleteEndpoint(txQuery(tx), channelId);
    await recordAudit(tx, actor, {
      action: "notification_channel.deleted",
      entityType: "notification_channel",
      entityId: channelId,
      before: { name: before.name, kind: before.kind, settings: before.settings },
      after: { undeliveredDropped: Number(n) },
    });
    return { dropped: Number(n) };
  });
}
