import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import type { Connector } from "@/lib/connectors/contract";
import { connectorFor } from "@/lib/connectors/registry";
import { AppError } from "@/lib/errors";
import { checkCreateLive } from "@/lib/launch/go-live";
import { createSyncInput, type CreateSyncInput } from "@/lib/sync/sync-schemas";

export async function createSync(actor: Actor, input: CreateSyncInput) {
  requireRole(actor, "editor");
  const { override, ...data } = createSyncInput.parse(input);
  const launch =
    data.state === "live" ? { ...checkCreateLive(actor, override), gates: ["Created live, before any launch gate was checked"] } : null;
  const [segment, destination] = await Promise.all([
    db().segment.findUnique({ where: { id: data.segmentId }, select: { id: true, archivedAt: true } }),
    db().destination.findUnique({ where: { id: data.destinationId }, select: { id: true, kind: true, name: true } }),
  ]);
  if (!segment || segment.archivedAt) throw invalid("segmentId", "Choose an active segment.");
  if (!destination) throw invalid("destinationId", "Choose a destination.");
  assertIdentifiers(connectorFor(destination.kind), data.identifiers);
  const remoteAudienceName = data.remoteAudienceName ?? data.name;
  const taken = await db().sync.findFirst({ where: { destinationId: destination.id, remoteAudienceName }, select: { name: true } });
  if (taken)
    throw invalid(
      "remoteAudienceName",
      `The sync “${taken.name}” already writes the audience “${remoteAudienceName}” in ${destination.name}; choose another audience name.`,
    );
  return db().$transaction(async (tx) => {
    const sync = await tx.sync.create({ data: { ...data, remoteAudienceName, nextRunAt: data.state === "live" ? new Date() : null } });
    await recordAudit(tx, actor, {
      action: "sync.created",
      entityType: "sync",
      entityId: sync.id,
      after: { ...data, ...(launch && { override: launch }) },
    });
    if (launch)
      await recordAudit(tx, actor, {
        action: "sync.launch_overridden",
        entityType: "sync",
        entityId: sync.id,
        after: launch,
      });
    return sync;
  });
}

export function assertIdentifiers(connector: Connector<unknown, unknown>, identifiers: string[]) {
  const unsupported = identifiers.filter((i) => !connector.supportedIdentifiers.includes(i as never));
  if (unsupported.length) throw invalid("identifiers", `${connector.label} does not take ${unsupported.join(", ")}.`);
}

function invalid(field: string, message: string) {
  return new AppError("validation_failed", message, { issues: [{ path: field, message }] });
}
