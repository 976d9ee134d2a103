import type pg from "pg";
import type { Actor } from "@/lib/auth/actor";
import type { AuditEntry } from "@/lib/audit";

// The audit entry for a change made on a raw pg transaction (an alert's transition owes its
// notifications in the ledger, which is written with pg, not Prisma): the same row
// lib/audit.ts writes, in the same transaction as the change.
export async function auditWithClient(client: Pick<pg.PoolClient, "query">, actor: Actor, entry: AuditEntry) {
  const json = (v: unknown) =>
    v === undefined || v === null ? null : JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  await client.query(
    `INSERT INTO audit_logs (actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, now() AT TIME ZONE 'UTC')`,
    [actor.type, actor.id, actor.label, entry.action, entry.entityType, entry.entityId ?? null, json(entry.before), json(entry.after)],
  );
}
