import { connectorFor } from "@/lib/connectors/registry";
import { credentialFieldsSet } from "@/lib/destinations/destination-credentials";
import type { Destination } from "@/lib/generated/prisma/client";

// What may leave the server about a destination: settings (non-secret by definition), which
// secret fields are set, never their values or the sealed blob.

/** The last sync run that reached the destination: it proves the connection as well as a test does. */
export type LastDelivery = { at: Date; syncId: string; syncName: string };

/**
 * When and how the connection was last shown to work (issue 9, item 9): the later of a passing
 * connection test and a run that delivered (succeeded or partly). A run counts only if it
 * finished after the destination was last changed, since a settings change can break it. A
 * failed test newer than every proof says Failing.
 */
export type Verification =
  | { state: "connected"; at: Date; how: "test" | "run"; detail: string; syncId?: string }
  | { state: "failing"; at: Date; how: "test"; detail: string }
  | { state: "untested" };

export function verification(
  d: Pick<Destination, "lastTestedAt" | "lastTestOk" | "lastTestDetail" | "updatedAt">,
  lastDelivery?: LastDelivery | null,
): Verification {
  const run = lastDelivery && lastDelivery.at >= d.updatedAt ? lastDelivery : null;
  const test = d.lastTestedAt && d.lastTestOk !== null ? { at: d.lastTestedAt, ok: d.lastTestOk } : null;
  if (test && (!run || test.at >= run.at)) {
    return test.ok
      ? { state: "connected", at: test.at, how: "test", detail: "Connection test passed" }
      : { state: "failing", at: test.at, how: "test", detail: d.lastTestDetail ?? "The connection test failed" };
  }
  if (run) return { state: "connected", at: run.at, how: "run", detail: `Delivered by the sync “${run.syncName}”`, syncId: run.syncId };
  return { state: "untested" };
}

export function destinationView(d: Destination & { _count?: { syncs: number } }, lastDelivery?: LastDelivery | null) {
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
    verification: verification(d, lastDelivery),
    syncCount: d._count?.syncs ?? undefined,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}
export type DestinationView = ReturnType<typeof destinationView>;
