import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { requireRole } from "@/lib/auth/require-role";
import { roleSchema } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const createUserInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  name: z.string().trim().max(120).optional(),
  role: roleSchema,
  password: z.string().min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
});
export type CreateUserInput = z.input<typeof createUserInput>;

/** What may leave the server about a user: never the password hash. */
const publicUser = { id: true, email: true, name: true, role: true, disabledAt: true, lastLoginAt: true, createdAt: true } as const;

export async function createUser(actor: Actor, input: CreateUserInput) {
  requireRole(actor, "admin");
  const data = createUserInput.parse(input);
  const existing = await db().user.findUnique({ where: { email: data.email } });
  if (existing) throw new AppError("conflict", `A user with the email ${data.email} already exists.`);
  const passwordHash = await hashPassword(data.password);
  return db().$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: data.email, name: data.name, role: data.role, passwordHash }, select: publicUser });
    await recordAudit(tx, actor, {
      action: "user.created",
      entityType: "user",
      entityId: user.id,
      after: { email: user.email, role: user.role },
    });
    return user;
  });
}

export async function listUsers() {
  return db().user.findMany({ select: publicUser, orderBy: { createdAt: "asc" } });
}

export const updateUserInput = z.object({
  userId: z.string().min(1),
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
});

export async function updateUser(actor: Actor, input: z.input<typeof updateUserInput>) {
  requireRole(actor, "admin");
  const { userId, role, disabled } = updateUserInput.parse(input);
  if (actor.type === "user" && actor.id === userId && ((role !== undefined && role !== "admin") || disabled)) {
    throw new AppError("bad_request", "You cannot demote or disable yourself; ask another admin.");
  }
  return db().$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: publicUser });
    if (!before) throw new AppError("not_found", "No such user.");
    const after = await tx.user.update({
      where: { id: userId },
      data: { role, disabledAt: disabled === undefined ? undefined : disabled ? new Date() : null },
      select: publicUser,
    });
    if (after.role !== "admin" || after.disabledAt) await assertAnAdminRemains(tx);
    await recordAudit(tx, actor, {
      action: "user.updated",
      entityType: "user",
      entityId: userId,
      before: { role: before.role, disabled: Boolean(before.disabledAt) },
      after: { role: after.role, disabled: Boolean(after.disabledAt) },
    });
    return after;
  });
}

async function assertAnAdminRemains(tx: Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0]) {
  const admins = await tx.user.count({ where: { role: "admin", disabledAt: null } });
  if (admins === 0) throw new AppError("conflict", "At least one active admin must remain.");
}
