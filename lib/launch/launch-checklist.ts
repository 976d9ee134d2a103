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
  const [overrideRow, pending] = await Promise.all([
    facts.state === "live"
      ? db().auditLog.findFirst({
          where: { entityType: "sync", entityId: syncId, action: "sync.launch_overridden" },
          orderBy: { id: "desc" },
        })
      : null,
    db().changeRequest.findFirst({
      where: { entityType: "sync", entityId: syncId, kind: "sync_live", status: "pending" },
      select: { id: true },
    }),
  ]);
  const after = (overrideRow?.after ?? {}) as { reason?: string; gates?: string[] };
  return {
    syncId,
    state: facts.state,
    ready: failing.length === 0,
    gates,
    failing,
    override: overrideRow
      ? { by: overrideRow.actorLabel, at: overrideRow.createdAt, reason: after.reason ?? "", gates: after.gates ?? [] }
      : null,
    pendingRequestId: pending?.id ?? null,
  };
}
