import { pageActor } from "@/lib/auth/page-actor";
import { hasRole, type Role } from "@/lib/auth/roles";

/** For create pages: null when the signed-in person may use them, else what to tell them. */
export async function requirePageRole(role: Role): Promise<string | null> {
  const actor = await pageActor();
  return hasRole(actor.role, role) ? null : `Only ${role}s and admins can do this; you are signed in as a ${actor.role}.`;
}
