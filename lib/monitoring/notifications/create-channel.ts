import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { ensureEndpoint } from "@/lib/delivery/endpoints";
import { generateSigningSecret } from "@/lib/delivery/signing";
import { AppError } from "@/lib/errors";
import { sealChannelCredentials } from "@/lib/monitoring/notifications/channel-credentials";
import { createChannelInput, type CreateChannelInput } from "@/lib/monitoring/notifications/channel-schemas";
import { channelView } from "@/lib/monitoring/notifications/channel-view";
import { txQuery } from "@/lib/streams/tx-query";

// Creating a channel: validate by kind (fields named), then in one transaction the record, its
// ledger endpoint (same id, kind "notification") and the audit entry (which secrets were set,
// never their values). A webhook channel's signing secret is generated and returned this once.

export async function createChannel(actor: Actor, input: CreateChannelInput) {
  requireRole(actor, "editor");
  const data = createChannelInput.parse(input);
  let signingSecret: string | null = null;
  let credentials: Record<string, unknown> = Object.fromEntries(
    Object.entries(data.credentials).filter(([, v]) => v !== undefined && v !== ""),
  );
  if (data.kind === "webhook") {
    signingSecret = generateSigningSecret();
    credentials = { ...credentials, signingSecret };
  }
  const row = await db().$transaction(async (tx) => {
    if (await tx.notificationChannel.findUnique({ where: { name: data.name }, select: { id: true } })) {
      const message = "A channel with this name exists already";
      throw new AppError("validation_failed", message, { issues: [{ path: "name", message }] });
    }
    const channel = await tx.notificationChannel.create({
      data: { name: data.name, kind: data.kind, settings: data.settings, credentialsEnc: sealChannelCredentials(credentials) },
    });
    await ensureEndpoint(txQuery(tx), channel.id, "notification");
    await recordAudit(tx, actor, {
      action: "notification_channel.created",
      entityType: "notification_channel",
      entityId: channel.id,
      after: { name: channel.name, kind: channel.kind, settings: data.settings, credentialsSet: Object.keys(credentials) },
    });
    return channel;
  });
  return { channel: channelView(row), signingSecret };
}
