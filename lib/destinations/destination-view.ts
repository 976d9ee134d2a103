import { connectorFor } from "@/lib/destinations/registry";
import { credentialFieldsSet } from "@/lib/destinations/destination-credentials";
import type { Destination } from "@/lib/generated/prisma/client";

// What may leave the server about a destination: settings (non-secret by definition), which
// secret fields are set, never their values or the sealed blob.
export function destinationView(d: Destination & { _count?: { syncs: number } }) {
  let label: string = d.kind;
  try {
    label = connectorFor(d.kind).label;
  } catch {
    // A kind whose connector is not installed in this build still lists, by its kind.
  }
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    label,
    settings: d.settings as Record<string, unknown>,
    credentialsSet: credentialFieldsSet(d.credentialsEnc),
    lastTestedAt: d.lastTestedAt,
    lastTestOk: d.lastTestOk,
    lastTestDetail: d.lastTestDetail,
    syncCount: d._count?.syncs ?? undefined,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}
export type DestinationView = ReturnType<typeof destinationView>;
