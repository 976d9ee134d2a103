import { createServer, type Server } from "node:http";
import Provider, { type Configuration } from "oidc-provider";

// A real OpenID Connect identity provider for the browser tests (panva's oidc-provider, the
// certified implementation behind many production IdPs), on a local port. Its built-in
// development login form takes any login name (no password check), and the login name is the
// account: the accounts below are the test's people.

export const SSO_CLIENT = { id: "downstream-e2e", secret: "downstream-e2e-client-secret" };
/** The button's words in the browser tests; not "Sign in…", which the password button's locator matches. */
export const SSO_BUTTON = "Continue with Test SSO";

export const SSO_PEOPLE = {
  editor: { login: "sso-editor", email: "sso-editor@idp.test", name: "Sam Editor", groups: ["everyone", "downstream-editors"] },
  disabled: { login: "sso-disabled", email: "sso-disabled@idp.test", name: "Dana Disabled", groups: ["downstream-admins"] },
  outsider: { login: "sso-outsider", email: "sso-outsider@idp.test", name: "Olga Outsider", groups: [] as string[] },
} as const;

const accounts = new Map<string, { email: string; name: string; groups: readonly string[] }>(
  Object.values(SSO_PEOPLE).map((p) => [p.login, p]),
);
const SCOPE = "openid email profile groups";

export async function startTestIdentityProvider({ port, appUrl }: { port: number; appUrl: string }) {
  const issuer = `http://127.0.0.1:${port}`;
  const configuration: Configuration = {
    clients: [
      {
        client_id: SSO_CLIENT.id,
        client_secret: SSO_CLIENT.secret,
        redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    scopes: ["openid", "email", "profile", "groups"],
    // Put the scope's claims (groups among them) in the ID token, as Okta's groups claim does.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ["downstream-e2e-idp-cookie-key"] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const person = accounts.get(id);
      if (!person) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, email: person.email, email_verified: true, name: person.name, groups: [...person.groups] }),
      };
    },
    // A first-party app: grant the scopes without a consent screen (oidc-provider's documented
    // recipe), so the test sees the login form only.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope(SCOPE);
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e) => reject(new Error(`The test identity provider could not listen on ${issuer}: ${e.message}`)));
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    issuer,
    /** How the app under test is configured for it (lib/env.ts). */
    env: {
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: SSO_CLIENT.id,
      OIDC_CLIENT_SECRET: SSO_CLIENT.secret,
      OIDC_DISPLAY_NAME: SSO_BUTTON,
      OIDC_SCOPE: SCOPE,
      OIDC_ADMIN_GROUPS: "downstream-admins",
      OIDC_EDITOR_GROUPS: "downstream-editors",
      OIDC_VIEWER_GROUPS: "downstream-viewers",
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
