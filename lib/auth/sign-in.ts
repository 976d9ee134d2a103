import { z } from "zod";
import { passwordSignInEnabled } from "@/lib/auth/oidc-config";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { roleSchema, type Role } from "@/lib/auth/roles";
import { beginSignInAttempt, markSignInSucceeded } from "@/lib/auth/sign-in-limits";
import { randomToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";

// The one password check, for the sign-in form's server action and next-auth's credentials
// endpoint alike, so the lockout covers both doors.

export const signInCredentials = z.object({
  email: z.string().trim().toLowerCase().email("Enter the email address you sign in with").max(320),
  password: z.string().min(1, "Enter your password").max(200),
});

export type SignInOutcome =
  | { ok: true; user: { id: string; email: string; name: string | null; role: Role } }
  | { ok: false; reason: "wrong_credentials"; failuresLeft: number }
  | { ok: false; reason: "locked"; retryAfterSeconds: number }
  | { ok: false; reason: "passwords_off" };

export async function signInWithPassword(input: z.input<typeof signInCredentials>, clientIp: string | null): Promise<SignInOutcome> {
  const { email, password } = signInCredentials.parse(input);
  // PASSWORD_SIGN_IN=off: no password opens the console, whoever's it is (CLI-created admins included).
  if (!passwordSignInEnabled()) return { ok: false, reason: "passwords_off" };
  const gate = await beginSignInAttempt(email, clientIp);
  if (!gate.allowed) {
    logger.warn({ email, clientIp }, "sign-in locked out");
    return { ok: false, reason: "locked", retryAfterSeconds: gate.retryAfterSeconds };
  }
  const user = await db().user.findUnique({ where: { email } });
  // Verify even when the user is missing so timing does not reveal which emails exist.
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !ok || user.disabledAt) {
    logger.info({ email }, "sign-in refused");
    return { ok: false, reason: "wrong_credentials", failuresLeft: gate.failuresLeft };
  }
  await markSignInSucceeded(gate.attemptId);
  await db().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: roleSchema.parse(user.role) } };
}

/** The client's address as the nearest proxy saw it (Next appends the socket's to X-Forwarded-For). */
export function clientIpFrom(headers: Headers | Record<string, string | string[] | undefined>): string | null {
  const get = (name: string) => {
    if (headers instanceof Headers) return headers.get(name);
    const v = headers[name];
    return Array.isArray(v) ? v.join(",") : (v ?? null);
  };
  const forwarded = get("x-forwarded-for")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return forwarded?.at(-1) ?? get("x-real-ip") ?? null;
}

// A real hash of a random secret, verified against when the email is unknown so that
// timing does not reveal which emails have accounts.
let dummy: Promise<string> | undefined;
function dummyHash() {
  dummy ??= hashPassword(randomToken());
  return dummy;
}
