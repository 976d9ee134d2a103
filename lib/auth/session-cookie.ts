import { encode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { env } from "@/lib/env";

// The sign-in form's server action issues the same session next-auth would: a JWT in next-auth's
// session cookie (name, flags and encryption from next-auth itself), so getServerSession,
// sign-out and the API's session auth read it unchanged.

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** next-auth's rule: secure cookies (and the __Secure- prefix) when the site is served over https. */
export const secureCookiesEnabled = () => (process.env.NEXTAUTH_URL ?? "").startsWith("https://");

export const sessionCookieName = () => `${secureCookiesEnabled() ? "__Secure-" : ""}next-auth.session-token`;

export async function issueSessionCookie(user: { id: string; email: string; name: string | null }): Promise<void> {
  const token = await encode({
    token: { sub: user.id, email: user.email, name: user.name },
    secret: env().AUTH_SECRET,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  (await cookies()).set(sessionCookieName(), token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secureCookiesEnabled(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}
