import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { roleSchema } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit";
import { randomToken, sha256Hex } from "@/lib/crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

// Tokens look like `ds_<32 chars>`. Only their SHA-256 is stored (a token is already
// high-entropy, so a slow hash adds nothing); the plaintext is shown once at creation.
const TOKEN_PREFIX = "ds_";

export const createTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(80),
  role: roleSchema,
});

export async function createApiToken(actor: Actor, input: z.input<typeof createTokenInput>) {
  requireRole(actor, "admin");
  const { name, role } = createTokenInput.parse(input);
  const token = TOKEN_PREFIX + randomToken(24);
  return db().$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { name, role, tokenHash: sha256Hex(token), prefix: token.slice(0, 9), createdById: actor.type === "user" ? actor.id : null },
      select: { id: true, name: true, role: true, prefix: true, createdAt: true },
    });
    await recordAudit(tx, actor, { action: "token.created", entityType: "api_token", entityId: row.id, after: { name, role, prefix: row.prefix } });
    return { ...row, token };
  });
}

export async function listApiTokens() {
  return db().apiToken.findMany({
    select: { id: true, name: true, role: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdBy: { select: { email: true } } },
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeApiToken(actor: Actor, tokenId: string) {
  requireRole(actor, "admin");
  return db().$transaction(async (tx) => {
    const before = await tx.apiToken.findUnique({ where: { id: tokenId } });
    if (!before) throw new AppError("not_found", "No such token.");
    if (before.revokedAt) return;
    await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, actor, { action: "token.revoked", entityType: "api_token", entityId: tokenId, before: { name: before.name, role: before.role } });
  });
}

/** Resolves `Authorization: Bearer <token>` to an actor, or throws 401. */
export async function authenticateBearer(header: string | null): Promise<Actor> {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match) throw new AppError("unauthorized", "Send an API token as `Authorization: Bearer <token>`.");
  const row = await db().apiToken.findUnique({ where: { tokenHash: sha256Hex(match[1]) } });
  if (!row || row.revokedAt) throw new AppError("unauthorized", "The API token is invalid or has been revoked.");
  // Best-effort bookkeeping: at most one write a minute per token.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { type: "token", id: row.id, label: `token ${row.name}`, role: row.role };
}
