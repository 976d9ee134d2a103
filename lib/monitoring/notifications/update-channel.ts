import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { openChannelCredentials, sealChannelCredentials } from "@/lib/monitoring/notifications/channel-credentials";
import {
  emailCredentialsSchema,
  pagerdutyCredentialsSchema,
  settingsSchemas,
  slackCredentialsSchema,
  updateChannelInput,
  type ChannelKind,
  type UpdateChannelInput,
} from "@/lib/monitoring/notifications/channel-schemas";
import { channelView } from "@/lib/monitoring/notifications/channel-view";

// Changing a channel: send only what changes. Settings replace the saved ones (checked by the
// kind's schema, errors naming `settings.<field>`); secrets left out keep their value. A saved
// password or Authorization value is only ever sent where it was entered for: changing the mail
// server or the webhook's URL needs it again.

const editableSecrets: Record<ChannelKind, { schema: z.ZodObject; keys: string[] }> = {
  email: { schema: emailCredentialsSchema, keys: ["password"] },
  slack: { schema: slackCredentialsSchema, keys: ["webhookUrl"] },
  pagerduty: { schema: pagerdutyCredentialsSchema, keys: ["routingKey"] },
  // The signing secret is Downstream's: not entered, not changed here.
  webhook: { schema: z.object({ authorization: z.string().max(2000).optional() }), keys: ["authorization"] },
};

function invalid(path: string, message: string): never {
  throw new AppError("validation_failed", message, { issues: [{ path, message }] });
}

export async function updateChannel(actor: Actor, channelId: string, input: UpdateChannelInput) {
  requireRole(actor, "editor");
  const data = updateChannelInput.parse(input);
  return db().$transaction(async (tx) => {
    const before = await tx.notificationChannel.findUnique({ where: { id: channelId } });
    if (!before) throw new AppError("not_found", "No such notification channel.");
    const kind = before.kind as ChannelKind;
    const oldSettings = before.settings as Record<string, unknown>;
    let settings = oldSettings;
    if (data.settings) {
      const parsed = settingsSchemas[kind].safeParse(data.settings);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        invalid(["settings", ...issue.path.map(String)].join("."), issue.message);
      }
      settings = parsed.data as Record<string, unknown>;
    }
    const saved = openChannelCredentials(kind, before.credentialsEnc) as Record<string, string | undefined>;
    const fresh = data.credentials ?? {};
    for (const k of Object.keys(fresh))
      if (!editableSecrets[kind].keys.includes(k)) invalid(`credentials.${k}`, `Not a secret of a ${kind} channel`);
    const next: Record<string, string | undefined> = { ...saved };
    for (const [k, v] of Object.entries(fresh)) next[k] = v.trim() === "" ? undefined : v.trim();
    // Where a secret goes must not change without the secret being entered again.
    if (kind === "email" && saved.password && settings.host !== oldSettings.host && fresh.password === undefined)
      invalid(
        "credentials.password",
        "Enter the password again: the mail server changed, and a saved password is only sent to the server it was entered for.",
      );
    if (kind === "webhook" && saved.authorization && settings.url !== oldSettings.url && fresh.authorization === undefined)
      invalid(
        "credentials.authorization",
        "Enter the Authorization value again: the URL changed, and saved credentials are only sent to the URL they were entered for.",
      );
    const cleaned = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined));
    if (kind !== "webhook") {
      const check = editableSecrets[kind].schema.safeParse(cleaned);
      if (!check.success) {
        const issue = check.error.issues[0]!;
        invalid(["credentials", ...issue.path.map(String)].join("."), issue.message);
      }
    }
    if (data.name && data.name !== before.name) {
      const clash = await tx.notificationChannel.findUnique({ where: { name: data.name }, select: { id: true } });
      if (clash) invalid("name", "A channel with this name exists already");
    }
    const row = await tx.notificationChannel.update({
      where: { id: channelId },
      data: {
        ...(data.name ? { name: data.name } : {}),
        settings: settings as object,
        ...(data.credentials ? { credentialsEnc: sealChannelCredentials(cleaned) } : {}),
      },
    });
    await recordAudit(tx, actor, {
      action: "notification_channel.updated",
      entityType: "notification_channel",
      entityId: channelId,
      before: { name: before.name, settings: oldSettings },
      after: { name: row.name, settings, credentialsReplaced: Object.keys(fresh) },
    });
    return channelView(row);
  });
}
