import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { generateSigningSecret } from "@/lib/delivery/signing";
import { AppError } from "@/lib/errors";
import { actionChanges, changesBehaviour } from "@/lib/webhook-actions/action-changes";
import { actionDefinitionSchema, type ActionDefinition } from "@/lib/webhook-actions/action-schemas";
import { applySecretChanges, openActionSecrets, sealActionSecrets, secretChangesSchema } from "@/lib/webhook-actions/action-secrets";
import { actionView, definitionColumns, definitionOf, type ActionView } from "@/lib/webhook-actions/action-view";
import { assertDefinitionSaveable } from "@/lib/webhook-actions/check-action-definition";
import { segmentNames } from "@/lib/webhook-actions/segment-names";

// Editing an action: send only what changes; each field sent replaces the saved one (request,
// trigger, signing and the response mapping whole), secrets merge (a value sets, null removes,
// left out keeps). A draft is edited in place. A live or paused action's change to what it does
// (anything but its name and description) makes a new version: the row's `version` goes up, the
// definition is kept in webhook_action_versions, and the audit entry carries what changed in words
// and the template lines taken out and put in. Deliveries name the version they were rendered from.

const shape = actionDefinitionSchema.shape;

// Without the definition's defaults: a field left out keeps its saved value (the API parses the
// body with this schema before updateAction sees it, so a default here would reset the field).
export const updateActionInput = z.strictObject({
  name: shape.name.optional(),
  description: z.string().trim().max(2_000).nullable().optional(),
  trigger: shape.trigger.optional(),
  delaySeconds: shape.delaySeconds.unwrap().optional(),
  frequencyLimitSeconds: shape.frequencyLimitSeconds.unwrap().optional(),
  ratePerSecond: shape.ratePerSecond.unwrap().optional(),
  timeoutMs: shape.timeoutMs.unwrap().optional(),
  retrySchedule: shape.retrySchedule.unwrap().optional(),
  request: shape.request.optional(),
  signing: shape.signing.unwrap().optional(),
  responseMapping: shape.responseMapping.unwrap().optional(),
  secrets: secretChangesSchema.optional(),
});
export type UpdateActionInput = z.input<typeof updateActionInput>;

/** The scheme and host of a URL template ("https://api.example.com"); Liquid in the host stays as written. */
export function urlOrigin(template: string): string {
  return (/^\s*([a-z][a-z0-9+.-]*:\/\/[^/?#]*)/i.exec(template)?.[1] ?? template.trim()).toLowerCase();
}

export async function updateAction(
  actor: Actor,
  actionId: string,
  input: UpdateActionInput,
): Promise<{ action: ActionView; signingKey: string | null; newVersion: boolean }> {
  requireRole(actor, "editor");
  const { secrets: secretChanges, ...parsed } = updateActionInput.parse(input);
  // A key sent as undefined (a form's empty field) keeps the saved value like a key left out.
  const fields = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)) as typeof parsed;
  const before = await db().webhookAction.findUnique({ where: { id: actionId } });
  if (!before) throw new AppError("not_found", "No such webhook action.");
  const was = definitionOf(before);
  const next: ActionDefinition = actionDefinitionSchema.parse({
    ...was,
    ...fields,
    description: fields.description === null ? undefined : (fields.description ?? was.description),
  });

  const saved = openActionSecrets(before.secretsEnc);
  const { secrets, changed, removed } = applySecretChanges(saved.secrets, secretChanges);
  // Saved secrets are sent only where they were entered for: moving the URL to another host
  // without entering them again is refused, or an editor could aim the action at their own server.
  const entered = Object.entries(secretChanges ?? {}).flatMap(([n, v]) => (v === null ? [] : [n]));
  const keptOld = Object.keys(secrets).filter((n) => !entered.includes(n));
  if (urlOrigin(next.request.url) !== urlOrigin(was.request.url) && keptOld.length) {
    const message = `Enter the secrets again (${keptOld.join(", ")}) or remove them: the URL's host changed, and saved secrets are only sent to the host they were entered for.`;
    throw new AppError("validation_failed", message, { issues: [{ path: "secrets", message }] });
  }
  await assertDefinitionSaveable(next, Object.keys(secrets));

  const newKey = next.signing.mode !== "none" && !saved.signingKey ? generateSigningSecret() : null;
  const signingKey = newKey ?? saved.signingKey;
  const secretsTouched = changed.length > 0 || removed.length > 0 || newKey !== null;
  const names = await segmentNames([was.trigger, next.trigger]);
  const changes = actionChanges(was, next, names);
  const newVersion = before.state !== "draft" && changesBehaviour(changes);
  const version = newVersion ? before.version + 1 : before.version;

  const row = await db().$transaction(async (tx) => {
    // Conditional on the version read above: of two concurrent edits, the second is told to reload.
    const { count } = await tx.webhookAction.updateMany({
      where: { id: actionId, version: before.version },
      data: {
        ...definitionColumns(next),
        version,
        ...(secretsTouched ? { secretsEnc: sealActionSecrets({ secrets, ...(signingKey ? { signingKey } : {}) }) } : {}),
      },
    });
    if (!count) throw new AppError("conflict", "Someone else changed this action at the same time; reload it and make your change again.");
    if (newVersion) await tx.webhookActionVersion.create({ data: { actionId, version, definition: next, createdBy: actor.label } });
    else
      await tx.webhookActionVersion.upsert({
        where: { actionId_version: { actionId, version } },
        create: { actionId, version, definition: next, createdBy: actor.label },
        // A draft's edits refine its version; a live version's name or description is not part of what it sends.
        update: before.state === "draft" ? { definition: next } : {},
      });
    await recordAudit(tx, actor, {
      action: "webhook_action.updated",
      entityType: "webhook_action",
      entityId: actionId,
      before: { version: before.version, state: before.state },
      after: {
        version,
        newVersion,
        changes,
        ...(changed.length ? { secretsSet: changed } : {}),
        ...(removed.length ? { secretsRemoved: removed } : {}),
        ...(newKey ? { signingKeyCreated: true } : {}),
      },
    });
    return tx.webhookAction.findUniqueOrThrow({ where: { id: actionId } });
  });
  return { action: actionView(row, names), signingKey: newKey, newVersion };
}
