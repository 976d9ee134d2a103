import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { hasRole, roleSchema, type Role } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit";
import { randomToken, sha256Hex } from "@/lib/crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

// Tokens look like `ds_<32 chars>`. Only their SHA-256 is stored (a token is already
// high-entropy, so a slow hash adds nothing); the plaintext is shown once at creation.
//
// Ownership: a token acts for the person who created it. It answers only while that person is
// active and still holds at least the token's role, so disabling or demoting someone stops
// their tokens at once (and deleting them deletes their tokens). A token made by another token
// belongs to that token's owner. Only tokens made by the system (the CLI, run by whoever
// operates the server) have no owner: they are workspace tokens, stopped only by revoking.
const TOKEN_PREFIX = "ds_";

export const createTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(80),
  role: roleSchema,
});

export async function createApiToken(actor: Actor, input: z.input<typeof createTokenInput>) {
  requireRole(actor, "admin");
  const { name, role } = createTokenInput.parse(input);
  const token = TOKEN_PREFIX + randomToken(24);
  const ownerId = await ownerFor(actor);
  return db().$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { name, role, tokenHash: sha256Hex(token), prefix: token.slice(0, 9), createdById: ownerId },
      select: { id: true, name: true, role: true, prefix: true, createdAt: true },
    });
    await recordAudit(tx, actor, {
      action: "token.created",
      entityType: "api_token",
      entityId: row.id,
      after: { name, role, prefix: row.prefix },
    });
    return { ...row, token };
  });
}

/** Who a new token will act for: the person, or the owner of the token doing the creating. */
async function ownerFor(actor: Actor): Promise<string | null> {
  if (actor.type === "user") return actor.id;
  if (actor.type === "system") return null;
  const parent = await db().apiToken.findUnique({ where: { id: actor.id }, select: { createdById: true } });
  return parent?.createdById ?? null;
}

type Owner = { email: string; role: Role; disabledAt: Date | null } | null;

/** Why a token that is not revoked does not answer, in words for the tokens page; null when it works. */
export function tokenSuspension(tokenRole: Role, owner: Owner, hasOwner: boolean): string | null {
  if (!hasOwner) return null;
  if (!owner) return "Stopped: its creator no longer exists.";
  if (owner.disabledAt) return `Stopped: ${owner.email} is disabled.`;
  if (!hasRole(owner.role, tokenRole))
    return `Stopped: ${owner.email} is now ${owner.role === "viewer" ? "a" : "an"} ${owner.role}, below this token's ${tokenRole} role.`;
  return null;
}

export async function listApiTokens() {
  const rows = await db().apiToken.findMany({
    select: {
      id: true,
      name: true,
      role: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      createdById: true,
      createdBy: { select: { email: true, role: true, disabledAt: true } },
    },
    orderBy: { createdAt: "desc" },
  });
  return rows.map(({ createdById, createdBy, ...t }) => ({
    ...t,
    createdBy: createdBy ? { email: createdBy.email } : null,
    /** Set when the token is not revoked but does not answer (its creator was disabled or demoted). */
    suspended: t.revokedAt ? null : tokenSuspension(t.role, createdBy, createdById !== null),
  }));
}

export async function revokeApiToken(actor: Actor, tokenId: string) {
  requireRole(actor, "admin");
  return db().$transaction(async (tx) => {
    const before = await tx.apiToken.findUnique({ where: { id: tokenId } });
    if (!before) throw new AppError("not_found", "No such token.");
    if (before.revokedAt) return;
    await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, actor, {
      action: "token.revoked",
      entityType: "api_token",
      entityId: tokenId,
      before: { name: before.name, role: before.role },
    });
  });
}

/** Resolves `Authorization: Bearer <token>` to an actor, or throws 401. */
export async function authenticateBearer(header: string | null): Promise<Actor> {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match) throw new AppError("unauthorized", "Send an API token as `Authorization: Bearer <token>`.");
  const row = await db().apiToken.findUnique({
    where: { tokenHash: sha256Hex(match[1]!) },
    include: { createdBy: { select: { email: true, role: true, disabledAt: true } } },
  });
  if (!row || row.revokedAt) throw new AppError("unauthorized", "The API token is invalid or has been revoked.");
  // The owner is re-read on every request, like a session's role: a disable or demotion counts at once.
  if (tokenSuspension(row.role, row.createdBy, row.createdById !== null)) {
    throw new AppError(
      "unauthorized",
      "This API token no longer works: the person who created it was disabled or no longer has its role. Ask an admin for a new token.",
    );
  }
  // Best-effort bookkeeping: at most one write a minute per token.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db()
      .apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } })
      .catch(() => {});
  }
  return { type: "token", id: row.id, label: `token ${row.name}`, role: row.role };
}
