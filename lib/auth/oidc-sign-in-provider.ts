import type { OAuthConfig } from "next-auth/providers/oauth";
import { OIDC_PROVIDER_ID, type OidcConfig } from "@/lib/auth/oidc-config";

type IdTokenClaims = { sub: string; email?: string; name?: string } & Record<string, unknown>;

/**
 * A generic OpenID Connect provider for next-auth 4 (Okta, Entra ID, Google Workspace, Keycloak…),
 * found through the issuer's discovery document. The ID token is verified by openid-client and is
 * the source of the claims (the role claim must be in it); PKCE, state and nonce guard the flow.
 * next-auth's requests to the issuer go out directly, not through lib/egress: the issuer is
 * set by the operator in the environment, not by a console user.
 */
export function oidcSignInProvider(config: OidcConfig): OAuthConfig<IdTokenClaims> {
  return {
    id: OIDC_PROVIDER_ID,
    name: config.displayName,
    type: "oauth",
    wellKnown: `${config.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: config.scope } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    // next-auth's user id here is the provider's subject; the jwt callback swaps in our user id.
    profile: (claims) => ({ id: claims.sub, email: claims.email ?? null, name: claims.name ?? null }),
  };
}
