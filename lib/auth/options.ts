import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { randomToken } from "@/lib/crypto";
import { roleSchema } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

const credentials = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1) });

// JWT sessions carry only the user id; the role is re-read from the database on every
// request (lib/auth/session.ts), so a demotion or disable takes effect immediately.
export function authOptions(): NextAuthOptions {
  return {
    secret: env().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = credentials.safeParse(raw);
          if (!parsed.success) return null;
          const user = await db().user.findUnique({ where: { email: parsed.data.email } });
          // Verify even when the user is missing so timing does not reveal which emails exist.
          const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), parsed.data.password);
          if (!user || !ok || user.disabledAt) {
            logger.info({ email: parsed.data.email }, "sign-in refused");
            return null;
          }
          await db().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
          return { id: user.id, email: user.email, name: user.name, role: roleSchema.parse(user.role) };
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

// A real hash of a random secret, verified against when the email is unknown so that
// timing does not reveal which emails have accounts.
let dummy: Promise<string> | undefined;
function dummyHash() {
  dummy ??= hashPassword(randomToken());
  return dummy;
}
