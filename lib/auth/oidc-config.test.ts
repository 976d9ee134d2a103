import { describe, expect, it } from "vitest";
import { oidcConfig, passwordSignInEnabled } from "@/lib/auth/oidc-config";
import { envSchema } from "@/lib/env";

const base = { DATABASE_URL: "postgres://localhost/x", AUTH_SECRET: "s".repeat(32), ENCRYPTION_KEY: "0f".repeat(32) };
const sso = {
  OIDC_ISSUER: "https://acme.okta.com",
  OIDC_CLIENT_ID: "downstream",
  OIDC_CLIENT_SECRET: "shh",
  OIDC_EDITOR_GROUPS: "downstream-editors",
};
const problems = (vars: Record<string, string>) => {
  const r = envSchema.safeParse({ ...base, ...vars });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("single sign-on environment", () => {
  it("is off, with passwords on, when nothing is set", () => {
    const e = envSchema.parse(base);
    expect(oidcConfig(e)).toBeNull();
    expect(passwordSignInEnabled(e)).toBe(true);
  });

  it("reads the provider, defaults and the comma lists of groups", () => {
    const e = envSchema.parse({
      ...base,
      ...sso,
      OIDC_ADMIN_GROUPS: " ops , security ,",
      OIDC_DISPLAY_NAME: "Sign in with Okta",
      OIDC_SCOPE: "openid email groups",
    });
    expect(oidcConfig(e)).toEqual({
      issuer: "https://acme.okta.com",
      clientId: "downstream",
      clientSecret: "shh",
      displayName: "Sign in with Okta",
      scope: "openid email groups",
      roleClaim: "groups",
      groups: { admin: ["ops", "security"], editor: ["downstream-editors"], viewer: [] },
    });
    expect(oidcConfig(envSchema.parse({ ...base, ...sso }))).toMatchObject({
      displayName: "Sign in with single sign-on",
      scope: "openid email profile",
    });
  });

  it("refuses a half-configured provider, naming what is missing", () => {
    expect(problems({ OIDC_ISSUER: "https://acme.okta.com", OIDC_EDITOR_GROUPS: "x" })).toEqual([
      "OIDC_ISSUER: Set all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET for single sign-on, or none of them",
    ]);
    expect(problems({ ...sso, OIDC_ISSUER: "acme.okta.com" })[0]).toMatch(/^OIDC_ISSUER: OIDC_ISSUER must be the provider's issuer URL/);
  });

  it("refuses single sign-on that maps no group, since nobody could sign in", () => {
    expect(problems({ ...sso, OIDC_EDITOR_GROUPS: " , " })).toEqual([
      expect.stringMatching(/^OIDC_VIEWER_GROUPS: Single sign-on needs at least one of/),
    ]);
  });

  it("turns passwords off only with single sign-on configured", () => {
    expect(passwordSignInEnabled(envSchema.parse({ ...base, ...sso, PASSWORD_SIGN_IN: "off" }))).toBe(false);
    expect(problems({ PASSWORD_SIGN_IN: "off" })).toEqual([
      expect.stringMatching(/^PASSWORD_SIGN_IN: PASSWORD_SIGN_IN=off needs single sign-on configured/),
    ]);
    expect(problems({ PASSWORD_SIGN_IN: "no" })).toEqual(['PASSWORD_SIGN_IN: PASSWORD_SIGN_IN must be "on" or "off"']);
  });
});

describe("empty single sign-on variables", () => {
  it("mean unset, as an empty line in a .env file intends", () => {
    const e = envSchema.parse({
      ...base,
      OIDC_ISSUER: "",
      OIDC_CLIENT_ID: " ",
      OIDC_CLIENT_SECRET: "",
      OIDC_DISPLAY_NAME: "",
      PASSWORD_SIGN_IN: "",
    });
    expect(oidcConfig(e)).toBeNull();
    expect(passwordSignInEnabled(e)).toBe(true);
    expect(oidcConfig(envSchema.parse({ ...base, ...sso, OIDC_DISPLAY_NAME: "", OIDC_ROLE_CLAIM: "" }))).toMatchObject({
      displayName: "Sign in with single sign-on",
      roleClaim: "groups",
    });
  });
});
