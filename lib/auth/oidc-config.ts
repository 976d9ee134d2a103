import { env, type Env } from "@/lib/env";

// Single sign-on as the operator configured it (OIDC_* in lib/env.ts), or null when it is off.
export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
  scope: string;
  roleClaim: string;
  groups: { admin: string[]; editor: string[]; viewer: string[] };
};

export function oidcConfig(e: Env = env()): OidcConfig | null {
  if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) return null;
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    displayName: e.OIDC_DISPLAY_NAME,
    scope: e.OIDC_SCOPE,
    roleClaim: e.OIDC_ROLE_CLAIM,
    groups: { admin: e.OIDC_ADMIN_GROUPS, editor: e.OIDC_EDITOR_GROUPS, viewer: e.OIDC_VIEWER_GROUPS },
  };
}

/** PASSWORD_SIGN_IN=off leaves single sign-on as the only way in (people created by the CLI still exist). */
export const passwordSignInEnabled = (e: Env = env()) => e.PASSWORD_SIGN_IN !== "off";

/** next-auth's id for the provider; part of the callback URL registered at the identity provider. */
export const OIDC_PROVIDER_ID = "oidc";
