import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { OIDC_PROVIDER_ID, oidcConfig, passwordSignInEnabled } from "@/lib/auth/oidc-config";
import { oidcSignInProvider } from "@/lib/auth/oidc-sign-in-provider";
import { SESSION_MAX_AGE_SECONDS, secureCookiesEnabled } from "@/lib/auth/session-cookie";
import { clientIpFrom, signInCredentials, signInWithPassword } from "@/lib/auth/sign-in";
import { signInWithOidc, userIdForIdentity } from "@/lib/auth/sign-in-with-oidc";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

// JWT sessions carry only the user id; the role is re-read from the database on every
// request (lib/auth/session.ts), so a demotion or disable takes effect immediately.
// The console signs in through its own server action (app/(auth)/login/actions.ts); this
// credentials provider stays for API clients of next-auth's endpoint and goes through the same
// check and lockout (lib/auth/sign-in.ts).
export function authOptions(): NextAuthOptions {
  const sso = oidcConfig();
  return {
    secret: env().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: secureCookiesEnabled(),
    // next-auth's own error page shows a code; send every failure to the login page, which says it in words.
    pages: { signIn: "/login", error: "/login" },
    providers: [
      // With PASSWORD_SIGN_IN=off the credentials endpoint does not exist at all.
      ...(passwordSignInEnabled()
        ? [
            CredentialsProvider({
              name: "Email and password",
              credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
              async authorize(raw, req) {
                const parsed = signInCredentials.safeParse(raw);
                if (!parsed.success) return null;
                const outcome = await signInWithPassword(parsed.data, clientIpFrom(req?.headers ?? {}));
                return outcome.ok ? outcome.user : null;
              },
            }),
          ]
        : []),
      ...(sso ? [oidcSignInProvider(sso)] : []),
    ],
    // next-auth's own logs as one structured line each, in our logger. Someone cancelling at the
    // identity provider is not an error.
    logger: {
      error(code, meta) {
        const m = meta as { message?: string; error?: { message?: string } } | Error;
        const err = m instanceof Error ? m : (m?.error ?? m);
        const message = m?.message ?? (err as { message?: string } | undefined)?.message;
        if (code.startsWith("OAUTH_CALLBACK") && message === "access_denied")
          return logger.info({ code }, "single sign-on cancelled or denied at the identity provider");
        logger.error({ code, err }, `next-auth: ${message ?? code}`);
      },
      warn: (code) => logger.warn({ code }, "next-auth warning"),
      debug: () => {},
    },
    callbacks: {
      // Single sign-on creates or updates the person here; a refusal goes back to the login page
      // with the reason (?sso=…), which it explains.
      async signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const outcome = await signInWithOidc(profile);
        return outcome.ok ? true : `/login?sso=${outcome.reason}`;
      },
      async jwt({ token, user, account, profile }) {
        if (account?.provider === OIDC_PROVIDER_ID) {
          // The session carries our user id, found by the identity signIn just linked.
          const iss = (profile as { iss?: unknown } | undefined)?.iss;
          const userId = typeof iss === "string" ? await userIdForIdentity(iss, account.providerAccountId) : null;
          if (!userId) throw new Error("Single sign-on identity is not linked");
          token.sub = userId;
        } else if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub };
      },
    },
  };
}
