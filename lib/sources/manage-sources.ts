import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { encryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { invalidateSourceCache } from "@/lib/sources/authenticate-source";
import { newCioApiKey, newSiteId, newWriteKey, secretPrefix } from "@/lib/sources/credentials";
import { sealWriteKey, toSourceRecord, type SourceRecord } from "@/lib/sources/source-record";

// Creating and changing sources (admin only). Every change is audited in the same transaction,
// without secrets: the log records that a key was rotated and its new prefix, never the key.

const signingKey = z.string().trim().min(8, "Paste the signing key Customer.io shows for the webhook").max(200);

export const createSourceInput = z.object({
  name: z.string().trim().min(1, "Give the source a name").max(80),
  webhookSigningKey: signingKey.optional(),
});

export const updateSourceInput = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  /** null clears it (webhooks are then refused until a key is set). */
  webhookSigningKey: signingKey.nullable().optional(),
});

export const rotateSourceInput = z.object({ key: z.enum(["write_key", "cio_api_key"]) });

export async function createSource(actor: Actor, input: z.input<typeof createSourceInput>): Promise<SourceRecord> {
  requireRole(actor, "admin");
  const { name, webhookSigningKey } = createSourceInput.parse(input);
  const writeKey = newWriteKey();
  const source = await db().$transaction(async (tx) => {
    const row = await tx.source.create({
      data: {
        name,
        ...sealWriteKey(writeKey),
        cioSiteId: newSiteId(),
        cioApiKeyEnc: encryptSecret(newCioApiKey()),
        webhookSigningKeyEnc: webhookSigningKey ? encryptSecret(webhookSigningKey) : null,
      },
    });
    await recordAudit(tx, actor, {
      action: "source.created",
      entityType: "source",
      entityId: row.id,
      after: { name, writeKey: secretPrefix(writeKey), siteId: row.cioSiteId, webhookSigningKeySet: !!webhookSigningKey },
    });
    return row;
  });
  invalidateSourceCache();
  return toSourceRecord(source);
}

async function existing(id: string) {
  const s = await db().source.findUnique({ where: { id } });
  if (!s) throw new AppError("not_found", `No source ${id}.`);
  return s;
}

export async function updateSource(actor: Actor, id: string, input: z.input<typeof updateSourceInput>): Promise<SourceRecord> {
  requireRole(actor, "admin");
  const patch = updateSourceInput.parse(input);
  const before = await existing(id);
  const source = await db().$transaction(async (tx) => {
    const row = await tx.source.update({
      where: { id },
      data: {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.webhookSigningKey !== undefined
          ? { webhookSigningKeyEnc: patch.webhookSigningKey ? encryptSecret(patch.webhookSigningKey) : null }
          : {}),
      },
    });
    await recordAudit(tx, actor, {
      action: "source.updated",
      entityType: "source",
      entityId: id,
      before: { name: before.name, webhookSigningKeySet: !!before.webhookSigningKeyEnc },
      after: { name: row.name, webhookSigningKeySet: !!row.webhookSigningKeyEnc },
    });
    return row;
  });
  invalidateSourceCache();
  return toSourceRecord(source);
}

/** Replaces one credential; the old one stops working immediately. */
export async function rotateSourceKey(actor: Actor, id: string, input: z.input<typeof rotateSourceInput>): Promise<SourceRecord> {
  requireRole(actor, "admin");
  const { key } = rotateSourceInput.parse(input);
  const before = await existing(id);
  if (before.revokedAt) throw new AppError("conflict", "This source is revoked; create a new one instead.");
  const fresh = key === "write_key" ? newWriteKey() : newCioApiKey();
  const source = await db().$transaction(async (tx) => {
    const row = await tx.source.update({
      where: { id },
      data: key === "write_key" ? sealWriteKey(fresh) : { cioApiKeyEnc: encryptSecret(fresh) },
    });
    await recordAudit(tx, actor, {
      action: "source.key_rotated",
      entityType: "source",
      entityId: id,
      after: { key, prefix: secretPrefix(fresh) },
    });
    return row;
  });
  invalidateSourceCache();
  return toSourceRecord(source);
}

/** Refuses all further data from the source (401 on every endpoint); kept for its history. */
export async function revokeSource(actor: Actor, id: string): Promise<SourceRecord> {
  requireRole(actor, "admin");
  const before = await existing(id);
  if (before.revokedAt) return toSourceRecord(before);
  const source = await db().$transaction(async (tx) => {
    const row = await tx.source.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, actor, { action: "source.revoked", entityType: "source", entityId: id, before: { name: before.name } });
    return row;
  });
  invalidateSourceCache();
  return toSourceRecord(source);
}

/** Deletes the source; its people and events stay (events keep the source id). */
export async function deleteSource(actor: Actor, id: string) {
  requireRole(actor, "admin");
  const before = await existing(id);
  await db().$transaction(async (tx) => {
    await tx.source.delete({ where: { id } });
    await recordAudit(tx, actor, { action: "source.deleted", entityType: "source", entityId: id, before: { name: before.name } });
  });
  invalidateSourceCache();
}

export async function listSources(): Promise<SourceRecord[]> {
  return (await db().source.findMany({ orderBy: { createdAt: "asc" } })).map(toSourceRecord);
}

export async function getSource(id: string): Promise<SourceRecord> {
  return toSourceRecord(await existing(id));
}
