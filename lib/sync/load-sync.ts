import type { Connector, IdentifierKind } from "@/lib/connectors/contract";
import { openCredentials } from "@/lib/destinations/destination-credentials";
import { connectorFor } from "@/lib/connectors/registry";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

// Everything a run needs about a sync, validated: the connector, its parsed settings and
// decrypted credentials, the identifiers it will actually send, the effective cap and batch size.

export const IDENTIFIER_KINDS = ["email", "phone", "external_id"] as const satisfies readonly IdentifierKind[];

export type LoadedSync = Awaited<ReturnType<typeof loadSync>>;

export async function loadSync(syncId: string) {
  const sync = await db().sync.findUnique({
    where: { id: syncId },
    include: { destination: true, segment: { select: { id: true, name: true, capDays: true } } },
  });
  if (!sync) throw new AppError("not_found", "No such sync.");
  const connector = connectorFor(sync.destination.kind) as Connector<unknown, unknown>;
  const parsed = connector.settingsSchema.safeParse(sync.destination.settings);
  if (!parsed.success) {
    throw new AppError(
      "bad_request",
      `The destination's settings are invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const settings = parsed.data;
  const credentials = openCredentials(connector, sync.destination.credentialsEnc);
  return {
    sync,
    connector,
    settings,
    credentials,
    identifiers: effectiveIdentifiers(sync.identifiers, connector.supportedIdentifiers),
    // The sync's own cap overrides the segment's.
    capDays: sync.capDays ?? sync.segment.capDays ?? null,
    batchSize: batchSizeFor(connector, settings),
    audienceName: sync.remoteAudienceName ?? sync.name,
  };
}

/** The sync's identifiers in its preference order, minus any the destination cannot take. */
export function effectiveIdentifiers(chosen: string[], supported: IdentifierKind[]): IdentifierKind[] {
  return chosen.filter(
    (k): k is IdentifierKind => (IDENTIFIER_KINDS as readonly string[]).includes(k) && supported.includes(k as IdentifierKind),
  );
}

/** The connector's maximum, or less when the destination's settings ask for smaller batches. */
export function batchSizeFor(connector: Connector<unknown, unknown>, settings: unknown): number {
  const wanted = (settings as { batchSize?: unknown } | null)?.batchSize;
  return typeof wanted === "number" && wanted > 0 ? Math.min(connector.maxBatchSize, Math.floor(wanted)) : connector.maxBatchSize;
}
