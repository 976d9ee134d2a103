import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db, pool } from "@/lib/db";
import { deleteEndpoint } from "@/lib/delivery/endpoints";
import { AppError } from "@/lib/errors";
import { txQuery } from "@/lib/streams/tx-query";

// Deleting a stream deletes its ledger endpoint too, and with it every event still owed
// (queued, retrying, held or dead): the confirm dialog says how many, from undeliveredCount.

/** Events the stream still owes its destination: what a delete drops. */
export async function undeliveredCount(streamId: string): Promise<number> {
  const { rows } = await pool().query<{ n: string }>(`SELECT count(*) AS n FROM deliveries WHERE endpoint_id = $1`, [streamId]);
  return Number(rows[0]?.n ?? 0);
}

export async function deleteStream(actor: Actor, streamId: string): Promise<{ dropped: number }> {
  requireRole(actor, "editor");
  return db().$transaction(async (tx) => {
    const before = await tx.eventStream.findUnique({ where: { id: streamId } });
    if (!before) throw new AppError("not_found", "No such event stream.");
    const [{ n }] = await tx.$queryRaw<[{ n: bigint }]>`SELECT count(*) AS n FROM deliveries WHERE endpoint_id = ${streamId}`;
    await tx.eventStream.delete({ where: { id: streamId } });
    await deleteEndpoint(txQuery(tx), streamId);
    await recordAudit(tx, actor, {
      action: "event_stream.deleted",
      entityType: "event_stream",
      entityId: streamId,
      before: { name: before.name, destinationKind: before.destinationKind, settings: before.settings },
      after: { undeliveredDropped: Number(n) },
    });
    return { dropped: Number(n) };
  });
}
