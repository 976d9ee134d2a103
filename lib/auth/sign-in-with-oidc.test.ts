import { afterEach, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import type { OidcConfig } from "@/lib/auth/oidc-config";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { signInWithOidc, userIdForIdentity } from "@/lib/auth/sign-in-with-oidc";
import { createUser, updateUser } from "@/lib/auth/users";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";

const ISSUER = "https://idp.brand.test";
const config: OidcConfig = {
  issuer: ISSUER,
  clientId: "downstream",
  clientSecret: "secret",
  displayName: "Sign in with Okta",
  scope: "openid email profile groups",
  roleClaim: "groups",
  groups: { admin: ["downstream-admins"], editor: ["downstream-editors"], viewer: ["downstream-viewers"] },
};
const claims = (sub: string, groups: string[], extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  sub,
  email: `${sub}@brand.test`,
  name: `Person ${sub}`,
  groups,
  ...extra,
});
const audits = (userId: string) => db().auditLog.findMany({ where: { entityId: userId }, orderBy: { id: "asc" } });

describe("single sign-on sign-in", () => {
  it("creates the person on first sign-in with the role their group grants, linked by issuer and subject", async () => {
    const outcome = await signInWithOidc(claims("ana", ["sales", "downstream-editors"]), config);
    expect(outcome).toMatchObject({ ok: true, created: true });
    if (!outcome.ok) return;
    const user = await db().user.findUniqueOrThrow({ where: { id: outcome.userId }, include: { identities: true } });
    expect(user).toMatchObject({ email: "ana@brand.test", name: "Person ana", role: "editor", passwordHash: null });
    expect(user.identities).toEqual([expect.objectContaining({ issuer: ISSUER, subject: "ana" })]);
    expect(await userIdForIdentity(ISSUER, "ana")).toBe(user.id);
    expect(await audits(user.id)).toEqual([
      expect.objectContaining({
        action: "user.created",
        actorLabel: "single sign-on",
        after: expect.objectContaining({ role: "editor", source: "single sign-on" }),
      }),
    ]);
    // Nobody can sign in to it with a password.
    expect(await signInWithPassword({ email: "ana@brand.test", password: "anything" }, null)).toMatchObject({
      ok: false,
      reason: "wrong_credentials",
    });
  });

  it("follows the provider's groups on later sign-ins, auditing a change only when the role changes", async () => {
    const first = await signInWithOidc(claims("bo", ["downstream-viewers"]), config);
    if (!first.ok) throw new Error("refused");
    expect(await signInWithOidc(claims("bo", ["downstream-viewers"]), config)).toEqual({ ok: true, userId: first.userId, created: false });
    expect(await audits(first.userId)).toHaveLength(1);
    await signInWithOidc(claims("bo", ["downstream-admins", "downstream-viewers"]), config);
    expect(await db().user.findUniqueOrThrow({ where: { id: first.userId } })).toMatchObject({ role: "admin" });
    expect((await audits(first.userId)).at(-1)).toMatchObject({
      action: "user.updated",
      before: { role: "viewer" },
      after: { role: "admin" },
    });
    // Removed from every group at the provider: the next sign-in is refused.
    expect(await signInWithOidc(claims("bo", []), config)).toEqual({ ok: false, reason: "no_role" });
  });

  it("links by subject, not email: a changed email is the same person, a reused email another", async () => {
    const first = await signInWithOidc(claims("cy", ["downstream-editors"]), config);
    if (!first.ok) throw new Error("refused");
    const again = await signInWithOidc(claims("cy", ["downstream-editors"], { email: "cy.new@brand.test" }), config);
    expect(again).toEqual({ ok: true, userId: first.userId, created: false });
    expect(await db().user.findUniqueOrThrow({ where: { id: first.userId } })).toMatchObject({ email: "cy.new@brand.test" });
    // Another subject claiming that email (or a password account's) gets no access to it.
    expect(await signInWithOidc(claims("impostor", ["downstream-admins"], { email: "cy.new@brand.test" }), config)).toEqual({
      ok: false,
      reason: "email_taken",
    });
    await createUser(systemActor("test"), { email: "dee@brand.test", role: "viewer", password: "correct horse battery" });
    expect(await signInWithOidc(claims("dee", ["downstream-admins"]), config)).toEqual({ ok: false, reason: "email_taken" });
    expect(await db().user.findUniqueOrThrow({ where: { email: "dee@brand.test" } })).toMatchObject({ role: "viewer" });
    // The same subject at another issuer is another identity.
    expect(
      await signInWithOidc({ ...claims("cy", ["downstream-editors"]), iss: "https://other-idp.test", email: "cy2@brand.test" }, config),
    ).toMatchObject({ ok: true, created: true });
  });

  it("refuses people outside every mapped group without creating them, and disabled people whatever their groups", async () => {
    expect(await signInWithOidc(claims("eve", ["sales"]), config)).toEqual({ ok: false, reason: "no_role" });
    expect(await db().user.findUnique({ where: { email: "eve@brand.test" } })).toBeNull();
    const fay = await signInWithOidc(claims("fay", ["downstream-editors"]), config);
    if (!fay.ok) throw new Error("refused");
    await createUser(systemActor("test"), { email: "root@brand.test", role: "admin", password: "correct horse battery" });
    await updateUser(systemActor("test"), { userId: fay.userId, disabled: true });
    expect(await signInWithOidc(claims("fay", ["downstream-admins"]), config)).toEqual({ ok: false, reason: "disabled" });
    expect(await db().user.findUniqueOrThrow({ where: { id: fay.userId } })).toMatchObject({ role: "editor" });
  });

  it("two first sign-ins at once make one person", async () => {
    const outcomes = await Promise.all([1, 2, 3].map(() => signInWithOidc(claims("hal", ["downstream-editors"]), config)));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(new Set(outcomes.map((o) => (o.ok ? o.userId : null))).size).toBe(1);
    expect(await db().user.count({ where: { email: "hal@brand.test" } })).toBe(1);
    expect(await db().auditLog.count({ where: { action: "user.created", after: { path: ["email"], equals: "hal@brand.test" } } })).toBe(1);
  });

  it("refuses claims without an issuer or subject, and new people without an email", async () => {
    expect(await signInWithOidc({ sub: "x", groups: ["downstream-editors"] }, config)).toEqual({ ok: false, reason: "invalid_token" });
    expect(await signInWithOidc({ iss: ISSUER, sub: "gus", groups: ["downstream-editors"] }, config)).toEqual({
      ok: false,
      reason: "no_email",
    });
  });
});

describe("PASSWORD_SIGN_IN=off", () => {
  afterEach(() => {
    for (const k of ["PASSWORD_SIGN_IN", "OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_EDITOR_GROUPS"])
      delete process.env[k];
    resetEnvCache();
  });

  it("refuses the right password of an existing (CLI-created) admin", async () => {
    await createUser(systemActor("cli"), { email: "ops@brand.test", role: "admin", password: "correct horse battery" });
    expect(await signInWithPassword({ email: "ops@brand.test", password: "correct horse battery" }, null)).toMatchObject({ ok: true });
    Object.assign(process.env, {
      PASSWORD_SIGN_IN: "off",
      OIDC_ISSUER: ISSUER,
      OIDC_CLIENT_ID: "downstream",
      OIDC_CLIENT_SECRET: "secret",
      OIDC_EDITOR_GROUPS: "downstream-editors",
    });
    resetEnvCache();
    expect(await signInWithPassword({ email: "ops@brand.test", password: "correct horse battery" }, null)).toEqual({
      ok: false,
      reason: "passwords_off",
    });
    expect(await db().user.findUnique({ where: { email: "ops@brand.test" } })).toMatchObject({ role: "admin", disabledAt: null });
  });
});
