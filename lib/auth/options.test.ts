import { afterEach, describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { resetEnvCache } from "@/lib/env";

const SSO = {
  OIDC_ISSUER: "https://acme.okta.com",
  OIDC_CLIENT_ID: "downstream",
  OIDC_CLIENT_SECRET: "shh",
  OIDC_EDITOR_GROUPS: "downstream-editors",
  OIDC_DISPLAY_NAME: "Sign in with Okta",
};
const configure = (vars: Record<string, string>) => {
  Object.assign(process.env, vars);
  resetEnvCache();
};
const providers = () => authOptions().providers.map((p) => p.id);

afterEach(() => {
  for (const k of [...Object.keys(SSO), "PASSWORD_SIGN_IN"]) delete process.env[k];
  resetEnvCache();
});

describe("sign-in providers next-auth offers", () => {
  it("passwords only, until single sign-on is configured", () => {
    expect(providers()).toEqual(["credentials"]);
    configure(SSO);
    expect(providers()).toEqual(["credentials", "oidc"]);
  });

  it("with PASSWORD_SIGN_IN=off, no password endpoint at all", () => {
    configure({ ...SSO, PASSWORD_SIGN_IN: "off" });
    expect(providers()).toEqual(["oidc"]);
  });

  it("finds the provider through the issuer's discovery document, with PKCE, state and nonce checks", () => {
    configure({ ...SSO, OIDC_ISSUER: "https://acme.okta.com/oauth2/default/" });
    const oidc = authOptions().providers.find((p) => p.id === "oidc") as unknown as Record<string, unknown>;
    expect(oidc).toMatchObject({
      name: "Sign in with Okta",
      type: "oauth",
      idToken: true,
      wellKnown: "https://acme.okta.com/oauth2/default/.well-known/openid-configuration",
      checks: ["pkce", "state", "nonce"],
    });
  });
});
