import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { nonBlank, parseWith, updateDestinationInput, type UpdateDestinationInput } from "@/lib/destinations/destination-schemas";
import { openCredentialsRaw, sealCredentials } from "@/lib/destinations/destination-credentials";
import { destinationView } from "@/lib/destinations/destination-view";
import { connectorFor } from "@/lib/destinations/registry";
import { AppError } from "@/lib/errors";

/** Settings replace; credentials merge field by field (blank means "keep the saved one"). */
export async function updateDestination(actor: Actor, destinationId: string, input: UpdateDestinationInput) {
  requireRole(actor, "editor");
  const data = updateDestinationInput.parse(input);
  return db().$transaction(async (tx) => {
    const before = await tx.destination.findUnique({ where: { id: destinationId } });
    if (!before) throw new AppError("not_found", "No such destination.");
    const connector = connectorFor(before.kind);
    const settings = data.settings ? (parseWith(connector.settingsSchema, data.settings, "settings") as object) : undefined;
    const fresh = nonBlank(data.credentials ?? {});
    const credentialsEnc = Object.keys(fresh).length
      ? sealCredentials(parseWith(connector.credentialsSchema, { ...openCredentialsRaw(before.credentialsEnc), ...fresh }, "credentials") as Record<string, unknown>)
      : undefined;
    const row = await tx.destination.update({
      where: { id: destinationId },
      // New settings or secrets invalidate the last connection test.
      data: { name: data.name, settings, credentialsEnc, ...(settings || credentialsEnc ? { lastTestOk: null, lastTestDetail: null, lastTestedAt: null } : {}) },
    });
    await recordAudit(tx, actor, {
      action: "destination.updated",
      entityType: "destination",
      entityId: row.id,
      before: { name: before.name, settings: before.settings },
      after: { name: row.name, settings: row.settings, credentialsReplaced: Object.keys(fresh) },
    });
    return destinationView(row);
  });
}
