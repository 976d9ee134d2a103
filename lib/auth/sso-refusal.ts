import { oidcRefusalMessages, type OidcRefusal } from "@/lib/auth/sign-in-with-oidc";

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * What the login page says after a single sign-on attempt came back without a session:
 * our own refusal (?sso=no_role…) in words, or, for next-auth's error codes (?error=OAuthCallback,
 * the provider refused, the person cancelled…), one plain sentence instead of a code.
 */
export function ssoRefusal(sso: string | string[] | undefined, error: string | string[] | undefined): string | null {
  const reason = first(sso);
  if (reason && Object.hasOwn(oidcRefusalMessages, reason)) return oidcRefusalMessages[reason as OidcRefusal];
  const code = first(error);
  if (!code) return null;
  // Not about single sign-on: a session check, or the credentials endpoint's own refusal.
  if (code === "SessionRequired" || code === "CredentialsSignin") return null;
  return "Single sign-on didn't complete, so you're not signed in. Try again; if it keeps happening, ask your admin to check the Downstream app at your identity provider.";
}
