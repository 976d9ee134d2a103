import { describe, expect, it } from "vitest";
import { oidcRefusalMessages } from "@/lib/auth/sign-in-with-oidc";
import { ssoRefusal } from "@/lib/auth/sso-refusal";

describe("what the login page says after single sign-on", () => {
  it("explains each of our refusals in words", () => {
    expect(ssoRefusal("no_role", undefined)).toBe(oidcRefusalMessages.no_role);
    expect(ssoRefusal(["disabled", "no_role"], undefined)).toMatch(/^Your Downstream account is disabled/);
    for (const message of Object.values(oidcRefusalMessages)) expect(message).not.toMatch(/[A-Z][a-z]+[A-Z]|_/);
  });

  it("turns next-auth's error codes into one plain sentence, never the code", () => {
    for (const code of ["OAuthCallback", "OAuthSignin", "Callback", "Configuration", "some raw error text"]) {
      const message = ssoRefusal(undefined, code);
      expect(message).toMatch(/^Single sign-on didn't complete, so you're not signed in\./);
      expect(message).not.toContain(code);
    }
  });

  it("says nothing on a plain visit, for unknown reasons, or for errors that are not about single sign-on", () => {
    expect(ssoRefusal(undefined, undefined)).toBeNull();
    expect(ssoRefusal("toString", undefined)).toBeNull();
    expect(ssoRefusal(undefined, "SessionRequired")).toBeNull();
    expect(ssoRefusal(undefined, "CredentialsSignin")).toBeNull();
  });
});
