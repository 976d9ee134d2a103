import { db } from "@/lib/db";
import { decideGates, gatePasses, type Gate, type GateKey } from "@/lib/launch/gates";
import { loadLaunchFacts } from "@/lib/launch/launch-facts";

// The launch checklist of one sync: the one source the sync page, GET /syncs/{id}/checklist and
// the go-live check (go-live.ts) all read. Computed on every read, never typed in.

export type LaunchOverride = { by: string; at: Date; reason: string; gates: string[] };
export type LaunchChecklist = {
  syncId: string;
  state: string;
  ready: boolean;
  gates: Gate[];
  failing: GateKey[];
  /** The admin override that last set this sync live, while it is live. */
  override: LaunchOverride | null;
  /** A go-live waiting for an admin's approval. */
  pendingRequestId: string | null;
};

export async function launchChecklist(syncId: string, now = new Date()): Promise<LaunchChecklist> {
  const facts = await loadLaunchFacts(syncId, now);
  const gates = decideGates(facts);
  const failing = gates.filter((g) => !gatePasses(g)).map((g) => g.key);
  const [lastStart, pending] = await Promise.all([
    // The entry of the go-live that made it live carries the override it needed, if any
    // (lib/sync/update-sync.ts, create-sync.ts): a later resume that passed on its own has none.
    facts.state === "live"
      ? db().auditLog.findFirst({
          where: { entityType: "sync", entityId: syncId, action: { in: ["sync.started", "sync.created"] } },
          orderBy: { id: "desc" },
        })
      : null,
    db().changeRequest.findFirst({
      where: { entityType: "sync", entityId: syncId, kind: "sync_live", status: "pending" },
      select: { id: true },
    }),
  ]);
  const override = (lastStart?.after as { override?: { reason?: string; gates?: string[] } } | null)?.override;
  return {
    syncId,
    state: facts.state,
    ready: failing.length === 0,
    gates,
    failing,
    override:
      override && lastStart
        ? { by: lastStart.actorLabel, at: lastStart.createdAt, reason: override.reason ?? "", gates: override.gates ?? [] }
        : null,
    pendingRequestId: pending?.id ?? null,
  };
}
