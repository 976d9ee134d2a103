import type { Actor } from "@/lib/auth/actor";
import { hasRole, type Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";

/** The server-side gate every mutation passes, whatever the UI showed. */
export function requireRole(actor: Actor, required: Role): void {
  if (!hasRole(actor.role, required)) {
    throw new AppError(
      "forbidden",
      `This needs the ${required} role; ${actor.label} is ${actor.role === "viewer" ? "a" : "an"} ${actor.role}.`,
    );
  }
}
