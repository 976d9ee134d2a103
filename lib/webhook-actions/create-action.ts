import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { ensureEndpoint } from "@/lib/delivery/endpoints";
import { generateSigningSecret } from "@/lib/delivery/signing";
import { txQuery } from "@/lib/streams/tx-query";
import { actionDefinitionSchema, actionSecretsSchema } from "@/lib/webhook-actions/action-schemas";
import { sealActionSecrets, secretPreview } from "@/lib/webhook-actions/action-secrets";
import { actionView, definitionColumns, type ActionView } from "@/lib/webhook-actions/action-view";
import { assertDefinitionSaveable } from "@/lib/webhook-actions/check-action-definition";
import { segmentNames } from "@/lib/webhook-actions/segment-names";

// Creating an action: a draft (nothing is sent until it is set live), its first version, its
// ledger endpoint (same id; test sends from the simulator go through it while it is a draft) and
// the audit entry, in one transaction. A signed action gets a signing key made here and shown
// this once, like an API token; afterwards only its preview, until rotated.

export const ACTION_KIND = "webhook_action";

export const createActionInput = actionDefinitionSchema.extend({
  secrets: actionSecretsSchema
    .default({})
    .describe("Values usable as {{ secrets.name }}; stored encrypted, shown as their last 4 characters."),
});
export type CreateActionInput = z.input<typeof createActionInput>;

/** Who made a row: a signed-in person's id (tokens and the system leave it empty). */
export const createdById = (actor: Actor) => (actor.type === "user" ? actor.id : null);

export async function createAction(actor: Actor, input: CreateActionInput): Promise<{ action: ActionView; signingKey: string | null }> {
  requireRole(actor, "editor");
  const { secrets, ...definition } = createActionInput.parse(input);
  await assertDefinitionSaveable(definition, Object.keys(secrets));
  const signingKey = definition.signing.mode === "none" ? null : generateSigningSecret();
  const row = await db().$transaction(async (tx) => {
    const row = await tx.webhookAction.create({
      data: {
        ...definitionColumns(definition),
        state: "draft",
        version: 1,
        secretsEnc: sealActionSecrets({ secrets, ...(signingKey ? { signingKey } : {}) }),
        createdById: createdById(actor),
      },
    });
    await tx.webhookActionVersion.create({ data: { actionId: row.id, version: 1, definition, createdBy: actor.label } });
    await ensureEndpoint(txQuery(tx), row.id, ACTION_KIND);
    // Secret values never reach the audit log: only their names and the key's preview.
    await recordAudit(tx, actor, {
      action: "webhook_action.created",
      entityType: "webhook_action",
      entityId: row.id,
      after: {
        ...definition,
        state: "draft",
        secretsSet: Object.keys(secrets).sort(),
        signingKey: signingKey ? secretPreview(signingKey) : null,
      },
    });
    return row;
  });
  return { action: actionView(row, await segmentNames([definition.trigger])), signingKey };
}
