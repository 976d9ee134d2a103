import type { OidcConfig } from "@/lib/auth/oidc-config";
import type { Role } from "@/lib/auth/roles";

/**
 * The role a person's ID token grants: the highest role whose group list contains one of the
 * values of the configured claim. The claim may be a list (groups) or a single string (a role
 * attribute). Null when nothing matches: that person gets no access at all, rather than a
 * default role nobody chose for them.
 */
export function roleFromClaims(claims: Record<string, unknown>, config: Pick<OidcConfig, "roleClaim" | "groups">): Role | null {
  const raw = claims[config.roleClaim];
  const values = new Set((Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string"));
  const order: Role[] = ["admin", "editor", "viewer"];
  return order.find((role) => config.groups[role].some((g) => values.has(g))) ?? null;
}
