import type { Actor } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";

type Tx = Prisma.TransactionClient;

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
};

// Written in the same transaction as the change it describes, so the log never
// disagrees with the configuration.
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry) {
  await tx.auditLog.create({
    data: {
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: toJson(entry.before),
      after: toJson(entry.after),
    },
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}

/** Newest first; `beforeId` continues a page (the API's cursor). */
export async function listAudit({ limit = 50, entityType, beforeId }: { limit?: number; entityType?: string; beforeId?: bigint } = {}) {
  return db().auditLog.findMany({
    where: { ...(entityType ? { entityType } : {}), ...(beforeId !== undefined ? { id: { lt: beforeId } } : {}) },
    orderBy: { id: "desc" },
    take: Math.min(limit, 501),
  });
}
