import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { generateSigningSecret } from "@/lib/delivery/signing";
import { AppError } from "@/lib/errors";
import { openStreamCredentials, sealStreamCredentials, secretPreview } from "@/lib/streams/stream-credentials";
import { streamView } from "@/lib/streams/stream-view";

// Rotating a webhook stream's signing secret without a gap: the new secret signs at once, and the
// previous one keeps signing beside it for 24 hours (every request carries both signatures), so
// the receiver can switch to the new one at its own pace. "End rotation now" drops the old one
// early. Older secrets than the previous one are dropped at a new rotation.

export const ROTATION_OVERLAP_MS = 24 * 3600_000;

async function loadWebhook(streamId: string) {
  const row = await db().eventStream.findUnique({ where: { id: streamId } });
  if (!row) throw new AppError("not_found", "No such event stream.");
  if (row.destinationKind !== "webhook")
    throw new AppError("conflict", "Only webhook streams sign their requests; this one writes to a warehouse.");
  return { row, creds: openStreamCredentials("webhook", row.credentialsEnc) };
}

/** The new secret, returned this once, and the stream (whose view shows previews only). */
export async function rotateStreamSecret(actor: Actor, streamId: string, now = new Date()) {
  requireRole(actor, "editor");
  const { creds } = await loadWebhook(streamId);
  const secret = generateSigningSecret();
  const current = creds.signingSecrets[0]!;
  const expiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString();
  const signingSecrets = [
    { secret, createdAt: now.toISOString(), expiresAt: null },
    { ...current, expiresAt },
  ];
  const row = await db().$transaction(async (tx) => {
    const row = await tx.eventStream.update({
      where: { id: streamId },
      data: { credentialsEnc: sealStreamCredentials({ ...creds, signingSecrets }) },
    });
    await recordAudit(tx, actor, {
      action: "event_stream.secret_rotated",
      entityType: "event_stream",
      entityId: streamId,
      after: { newSecret: secretPreview(secret), previousSigningUntil: expiresAt, previous: secretPreview(current.secret) },
    });
    return row;
  });
  return { stream: streamView(row), signingSecret: secret };
}

/** Drops every secret but the current one: requests are signed with the new secret only from now on. */
export async function endStreamRotation(actor: Actor, streamId: string) {
  requireRole(actor, "editor");
  const { creds } = await loadWebhook(streamId);
  const [current, ...old] = creds.signingSecrets;
  const row = await db().$transaction(async (tx) => {
    const row = await tx.eventStream.update({
      where: { id: streamId },
      data: { credentialsEnc: sealStreamCredentials({ ...creds, signingSecrets: [current!] }) },
    });
    await recordAudit(tx, actor, {
      action: "event_stream.rotation_ended",
      entityType: "event_stream",
      entityId: streamId,
      after: { dropped: old.map((s) => secretPreview(s.secret)) },
    });
    return row;
  });
  return streamView(row);
}
