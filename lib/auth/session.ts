import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Actor } from "@/lib/auth/actor";
import { authOptions } from "@/lib/auth/options";
import { requireRole } from "@/lib/auth/require-role";
import type { Role } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** The signed-in person as an actor, or null. Role comes from the database, not the cookie. */
export async function currentActor(): Promise<Actor | null> {
  const session = (await getServerSession(authOptions())) as { userId?: string } | null;
  if (!session?.userId) return null;
  const user = await db().user.findUnique({ where: { id: session.userId } });
  if (!user || user.disabledAt) return null;
  return { type: "user", id: user.id, label: user.email, role: user.role };
}

/** For pages: send anonymous visitors to sign in. */
export async function requirePageActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) {
    const path = (await headers()).get("x-downstream-path");
    redirect(path && path !== "/" ? `/login?callbackUrl=${encodeURIComponent(path)}` : "/login");
  }
  return actor;
}

/** For server actions: refuse unless signed in with at least `role`. */
export async function requireActionActor(role: Role): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new AppError("unauthorized", "Your session has ended; sign in again.");
  requireRole(actor, role);
  return actor;
}
