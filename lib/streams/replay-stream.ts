import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { replayDeadLetters } from "@/lib/delivery/dead-letters";
import { AppError } from "@/lib/errors";
import { replayRange } from "@/lib/streams/replay-range";

// A person sending events again: dead letters (all, or the ones named), or every matching event
// that happened in a time range (a backfill). The ledger does the work; this checks the role and
// the stream, and writes the audit entry.

export type ReplayRequest = { deadLetters: "all" } | { deliveryIds: string[] } | { from: string | Date; to: string | Date };

export async function replayStream(actor: Actor, streamId: string, request: ReplayRequest): Promise<{ replayed: number }> {
  requireRole(actor, "editor");
  const row = await db().eventStream.findUnique({ where: { id: streamId }, select: { id: true } });
  if (!row) throw new AppError("not_found", "No such event stream.");
  let replayed: number;
  if ("from" in request) {
    const from = new Date(request.from);
    const to = new Date(request.to);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
      throw new AppError("validation_failed", "Enter both ends of the range.", {
        issues: [{ path: "from", message: "Enter a date and time" }],
      });
    replayed = (await replayRange(streamId, from, to)).queued;
  } else {
    replayed = (await replayDeadLetters(streamId, "deadLetters" in request ? "all" : { deliveryIds: request.deliveryIds })).replayed;
  }
  const what =
    "from" in request
      ? { range: { from: request.from, to: request.to } }
      : "deadLetters" in request
        ? { deadLetters: "all" }
        : { deliveryIds: request.deliveryIds };
  await db().$transaction((tx) =>
    recordAudit(tx, actor, {
      action: "event_stream.replayed",
      entityType: "event_stream",
      entityId: streamId,
      after: { ...what, replayed },
    }),
  );
  return { replayed };
}
