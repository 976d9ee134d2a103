import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { nonBlank, parseWith, createDestinationInput, type CreateDestinationInput } from "@/lib/destinations/destination-schemas";
import { sealCredentials } from "@/lib/destinations/destination-credentials";
import { destinationView } from "@/lib/destinations/destination-view";
import { connectorFor } from "@/lib/connectors/registry";

export async function createDestination(actor: Actor, input: CreateDestinationInput) {
  requireRole(actor, "editor");
  const data = createDestinationInput.parse(input);
  const connector = connectorFor(data.kind);
  const settings = parseWith(connector.settingsSchema, data.settings, "settings") as object;
  const credentials = parseWith(connector.credentialsSchema, nonBlank(data.credentials), "credentials") as Record<string, unknown>;
  return db().$transaction(async (tx) => {
    const row = await tx.destination.create({
      data: { name: data.name, kind: data.kind, settings, credentialsEnc: sealCredentials(credentials) },
    });
    // Secrets never reach the audit log: only which ones were set.
    await recordAudit(tx, actor, {
      action: "destination.created",
      entityType: "destination",
      entityId: row.id,
      after: { name: row.name, kind: row.kind, settings, credentialsSet: Object.keys(credentials) },
    });
    return destinationView(row);
  });
}
