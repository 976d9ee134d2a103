import { z } from "zod";
import { systemActor } from "@/lib/auth/actor";
import { oidcConfig, type OidcConfig } from "@/lib/auth/oidc-config";
import { roleFromClaims } from "@/lib/auth/role-from-claims";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";

// Signing in through the identity provider, after next-auth has checked the ID token (signature,
// issuer, audience, nonce/PKCE, state). The provider's groups decide the role on every sign-in,
// so removing someone from a group at the provider takes effect at their next sign-in.

/** The ID token claims we use; everything else is ignored. Email is display only. */
export const oidcClaims = z.looseObject({
  iss: z.string().min(1),
  sub: z.string().min(1).max(255),
  email: z.string().trim().toLowerCase().email().max(320).optional().catch(undefined),
  name: z.string().trim().max(120).optional().catch(undefined),
});

export type OidcRefusal = "no_role" | "disabled" | "email_taken" | "no_email" | "invalid_token";
export type OidcSignInOutcome = { ok: true; userId: string; created: boolean } | { ok: false; reason: OidcRefusal };

// The audit log names the provider as the actor: it, not a person in the console, decided the role.
const ssoActor = () => systemActor("single sign-on");

export async function signInWithOidc(
  rawClaims: unknown,
  config: OidcConfig | null = oidcConfig(),
  retried = false,
): Promise<OidcSignInOutcome> {
  if (!config) throw new Error("Single sign-on is not configured");
  const parsed = oidcClaims.safeParse(rawClaims);
  if (!parsed.success) {
    logger.warn({ issues: parsed.error.issues }, "sso sign-in refused: unusable ID token claims");
    return { ok: false, reason: "invalid_token" };
  }
  const claims = parsed.data;
  const role = roleFromClaims(claims, config);
  const identity = await db().userIdentity.findUnique({
    where: { issuer_subject: { issuer: claims.iss, subject: claims.sub } },
    include: { user: true },
  });

  if (identity) {
    const user = identity.user;
    if (user.disabledAt) return refuse("disabled", claims);
    if (!role) return refuse("no_role", claims);
    await db().$transaction(async (tx) => {
      const now = new Date();
      // The console shows users.email; follow the provider's when it changes, unless someone else has it.
      const emailFree =
        claims.email &&
        claims.email !== user.email &&
        !(await tx.user.findUnique({ where: { email: claims.email }, select: { id: true } }));
      await tx.user.update({ where: { id: user.id }, data: { role, lastLoginAt: now, ...(emailFree ? { email: claims.email } : {}) } });
      await tx.userIdentity.update({ where: { id: identity.id }, data: { email: claims.email ?? null, lastLoginAt: now } });
      if (role !== user.role) {
        await recordAudit(tx, ssoActor(), {
          action: "user.updated",
          entityType: "user",
          entityId: user.id,
          before: { role: user.role },
          after: { role, source: "single sign-on groups" },
        });
      }
    });
    return { ok: true, userId: user.id, created: false };
  }

  // Nobody is created without a role: a person outside every mapped group leaves no account behind.
  if (!role) return refuse("no_role", claims);
  if (!claims.email) return refuse("no_email", claims);
  // Accounts are never linked by email (a provider's email is not proof of owning our account).
  if (await db().user.findUnique({ where: { email: claims.email }, select: { id: true } })) return refuse("email_taken", claims);
  let user;
  try {
    user = await db().$transaction(async (tx) => {
      const created = await tx.user.create({ data: { email: claims.email!, name: claims.name, role, lastLoginAt: new Date() } });
      await tx.userIdentity.create({ data: { userId: created.id, issuer: claims.iss, subject: claims.sub, email: claims.email } });
      await recordAudit(tx, ssoActor(), {
        action: "user.created",
        entityType: "user",
        entityId: created.id,
        after: { email: created.email, role, source: "single sign-on", issuer: claims.iss },
      });
      return created;
    });
  } catch (err) {
    // Two first sign-ins at once (two tabs, a double click): the other one created the person;
    // go again, now as a returning sign-in (or an email_taken refusal if it was someone else).
    if (!retried && (err as { code?: string }).code === "P2002") return signInWithOidc(rawClaims, config, true);
    throw err;
  }
  logger.info({ userId: user.id, role }, "sso user created");
  return { ok: true, userId: user.id, created: true };
}

/** The console user an identity is linked to, for the session (next-auth's jwt callback). */
export async function userIdForIdentity(issuer: string, subject: string): Promise<string | null> {
  const identity = await db().userIdentity.findUnique({ where: { issuer_subject: { issuer, subject } }, select: { userId: true } });
  return identity?.userId ?? null;
}

function refuse(reason: OidcRefusal, claims: z.infer<typeof oidcClaims>): OidcSignInOutcome {
  logger.info({ reason, issuer: claims.iss, subject: claims.sub }, "sso sign-in refused");
  return { ok: false, reason };
}

/** What the login page says for each refusal (?sso=<reason>), in words for the person signing in. */
export const oidcRefusalMessages: Record<OidcRefusal, string> = {
  no_role:
    "You signed in with single sign-on, but your account isn't in a group that has access to Downstream. Ask your admin to give you access to Downstream at your identity provider.",
  disabled: "Your Downstream account is disabled. Ask an admin to turn it back on.",
  email_taken:
    "A Downstream account with your email already exists and signs in with a password. Sign in with your password, or ask an admin to remove that account so single sign-on can create yours.",
  no_email:
    "Your identity provider didn't share an email address, which Downstream needs to create your account. Ask your admin to release the email claim to Downstream.",
  invalid_token: "Single sign-on didn't complete: your identity provider's answer was missing who you are. Try again, or ask your admin.",
};
