import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { SESSION_MAX_AGE_SECONDS, useSecureCookies } from "@/lib/auth/session-cookie";
import { clientIpFrom, signInCredentials, signInWithPassword } from "@/lib/auth/sign-in";
import { env } from "@/lib/env";

// JWT sessions carry only the user id; the role is re-read from the database on every
// request (lib/auth/session.ts), so a demotion or disable takes effect immediately.
// The console signs in through its own server action (app/(auth)/login/actions.ts); this
// credentials provider stays for API clients of next-auth's endpoint and goes through the same
// check and lockout (lib/auth/sign-in.ts).
export function authOptions(): NextAuthOptions {
  return {
    secret: env().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: useSecureCookies(),
    pages: { signIn: "/login" },
    providers: [
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
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub };
      },
    },
  };
}
