"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formatCount } from "@/components/ui/format";
import { passwordSignInEnabled } from "@/lib/auth/oidc-config";
import { safeCallback } from "@/lib/auth/safe-callback";
import { issueSessionCookie } from "@/lib/auth/session-cookie";
import { clientIpFrom, signInCredentials, signInWithPassword } from "@/lib/auth/sign-in";
import { logger } from "@/lib/logger";

// The sign-in form posts here. As a server action it works without JavaScript (the browser
// POSTs the form to the page; credentials travel in the body, never in a URL) and with it.

export type SignInState = { error: string; email: string } | null;

const WRONG_CREDENTIALS = "That email and password don't match an active account.";
const PASSWORDS_OFF = "Signing in with a password is turned off for this workspace. Use single sign-on.";

const form = signInCredentials.extend({ callbackUrl: z.string().max(2000).optional() });

export async function signInAction(_prev: SignInState, data: FormData): Promise<SignInState> {
  const email = String(data.get("email") ?? "").slice(0, 320);
  if (!passwordSignInEnabled()) return { error: PASSWORDS_OFF, email };
  const parsed = form.safeParse({
    email: data.get("email"),
    password: data.get("password"),
    callbackUrl: data.get("callbackUrl") ?? undefined,
  });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? WRONG_CREDENTIALS, email };
  let outcome;
  try {
    outcome = await signInWithPassword(parsed.data, clientIpFrom(await headers()));
  } catch (err) {
    logger.error({ err }, "sign-in failed");
    return { error: "Sign-in is unavailable right now. Try again in a moment.", email };
  }
  if (!outcome.ok) {
    if (outcome.reason === "passwords_off") return { error: PASSWORDS_OFF, email };
    if (outcome.reason === "locked") {
      const minutes = Math.max(1, Math.ceil(outcome.retryAfterSeconds / 60));
      return {
        error: `Too many failed sign-ins. For your security, signing in to this account is paused: try again in ${formatCount(minutes, "minute")}, or ask an admin to reset your password.`,
        email,
      };
    }
    const warning =
      outcome.failuresLeft > 0 && outcome.failuresLeft <= 2
        ? ` ${formatCount(outcome.failuresLeft, "more failed attempt")} and signing in is paused for 15 minutes.`
        : "";
    return { error: WRONG_CREDENTIALS + warning, email };
  }
  await issueSessionCookie(outcome.user);
  redirect(safeCallback(parsed.data.callbackUrl));
}
