import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { generateSigningSecret } from "@/lib/delivery/signing";
import { AppError } from "@/lib/errors";
import { openActionSecrets, sealActionSecrets, secretPreview } from "@/lib/webhook-actions/action-secrets";
import { actionView, definitionOf, type ActionView } from "@/lib/webhook-actions/action-view";
import { segmentNames } from "@/lib/webhook-actions/segment-names";

// A new signing key for an action that signs its requests, shown this once. It signs every request
// sent from now on (retries of earlier ones included: signatures are made at send time), so the
// receiver should accept the new key before the rotation.

export async function rotateActionSigningKey(actor: Actor, actionId: string): Promise<{ action: ActionView; signingKey: string }> {
  requireRole(actor, "editor");
  const row = await db().webhookAction.findUnique({ where: { id: actionId } });
  if (!row) throw new AppError("not_found", "No such webhook action.");
  const definition = definitionOf(row);
  if (definition.signing.mode === "none")
    throw new AppError("conflict", "This action does not sign its requests; choose a signing mode first.");
  const saved = openActionSecrets(row.secretsEnc);
  const signingKey = generateSigningSecret();
  const next = await db().$transaction(async (tx) => {
    const next = await tx.webhookAction.update({
      where: { id: actionId },
      data: { secretsEnc: sealActionSecrets({ secrets: saved.secrets, signingKey }) },
    });
    await recordAudit(tx, actor, {
      action: "webhook_action.signing_key_rotated",
      entityType: "webhook_action",
      entityId: actionId,
      after: { newKey: secretPreview(signingKey), previous: saved.signingKey ? secretPreview(saved.signingKey) : null },
    });
    return next;
  });
  return { action: actionView(next, await segmentNames([definition.trigger])), signingKey };
}
