import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { gateKey, GATE_LABELS, WAIVABLE } from "@/lib/launch/gates";
import { loadLaunchFacts } from "@/lib/launch/launch-facts";
import { parseHuman } from "@/lib/validation/human-issue";

// A person's sign-off on a gate: the identity review (stored with the figures they were shown,
// so a later change of identifiers asks for a new one), or a waiver with its reason. Who and
// when are the row's own; every sign-off is in the audit log too.

export const signoffInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("review"), gate: z.literal("identity") }).strict(),
  z
    .object({
      kind: z.literal("waiver"),
      gate: gateKey.refine((g) => WAIVABLE.includes(g), "Only the connection, suppression and measurement gates can be waived"),
      reason: z.string().trim().min(3, "Say why this gate does not apply").max(1000).meta({ label: "Reason" }),
    })
    .strict(),
]);
export type SignoffInput = z.input<typeof signoffInput>;

export async function recordSignoff(actor: Actor, syncId: string, input: unknown) {
  requireRole(actor, "editor");
  const data = parseHuman(signoffInput, input);
  const facts = await loadLaunchFacts(syncId);
  const evidence =
    data.kind === "review"
      ? {
          identifiers: facts.identity.identifiers,
          members: facts.identity.members,
          reachable: facts.identity.reachable,
          reachablePercent: facts.identity.members ? `${Math.round((facts.identity.reachable / facts.identity.members) * 100)}%` : "0%",
        }
      : {};
  const reason = data.kind === "waiver" ? data.reason : null;
  return db().$transaction(async (tx) => {
    const row = await tx.launchSignoff.create({
      data: { syncId, gate: data.gate, kind: data.kind, reason, evidence, actorId: actor.id, actorLabel: actor.label },
    });
    await recordAudit(tx, actor, {
      action: data.kind === "review" ? "sync.launch_reviewed" : "sync.launch_waived",
      entityType: "sync",
      entityId: syncId,
      after: { gate: data.gate, label: GATE_LABELS[data.gate], reason, evidence },
    });
    return row;
  });
}
