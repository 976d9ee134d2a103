import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { authenticateBearer, createApiToken, listApiTokens, revokeApiToken } from "@/lib/auth/api-tokens";
import { createUser, updateUser } from "@/lib/auth/users";
import { sha256Hex } from "@/lib/crypto";
import { db } from "@/lib/db";

const admin = systemActor("test");

describe("API tokens", () => {
  it("stores only a hash and authenticates the plaintext once shown", async () => {
    const created = await createApiToken(admin, { name: "warehouse bot", role: "editor" });
    expect(created.token).toMatch(/^ds_[A-Za-z0-9_-]{32}$/);
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(sha256Hex(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const actor = await authenticateBearer(`Bearer ${created.token}`);
    expect(actor).toMatchObject({ type: "token", role: "editor", label: "token warehouse bot" });
  });

  it("rejects missing, malformed, unknown and revoked tokens with 401", async () => {
    const created = await createApiToken(admin, { name: "temp", role: "viewer" });
    await revokeApiToken(admin, created.id);
    for (const header of [null, "", "Token abc", "Bearer ds_unknown", `Bearer ${created.token}`]) {
      await expect(authenticateBearer(header)).rejects.toMatchObject({ code: "unauthorized", status: 401 });
    }
    const actions = (await db().auditLog.findMany({ where: { entityId: created.id } })).map((e) => e.action);
    expect(actions.sort()).toEqual(["token.created", "token.revoked"]);
  });

  it("only admins create tokens", async () => {
    await expect(
      createApiToken({ type: "user", id: "u", label: "e@x", role: "editor" }, { name: "n", role: "admin" }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("stops a token when its creator is disabled or loses the role it grants, and starts it again when restored", async () => {
    await createUser(admin, { email: "other-admin@brand.test", role: "admin", password: "correct horse battery" });
    const maya = await createUser(admin, { email: "maya@brand.test", role: "admin", password: "correct horse battery" });
    const mayaActor = { type: "user" as const, id: maya.id, label: maya.email, role: "admin" as const };
    const adminToken = await createApiToken(mayaActor, { name: "maya's admin bot", role: "admin" });
    const viewerToken = await createApiToken(mayaActor, { name: "maya's viewer bot", role: "viewer" });
    const asToken = await authenticateBearer(`Bearer ${adminToken.token}`);
    // A token minted by a token belongs to the same person, so it cannot outlive her either.
    const childToken = await createApiToken(asToken, { name: "minted by a token", role: "admin" });

    await updateUser(admin, { userId: maya.id, disabled: true });
    for (const t of [adminToken, viewerToken, childToken]) {
      await expect(authenticateBearer(`Bearer ${t.token}`)).rejects.toMatchObject({ code: "unauthorized", status: 401 });
    }
    // And so it cannot create a new admin: it never gets past authentication.
    const listed = await listApiTokens();
    expect(listed.find((t) => t.id === adminToken.id)?.suspended).toBe("Stopped: maya@brand.test is disabled.");

    await updateUser(admin, { userId: maya.id, disabled: false, role: "editor" });
    await expect(authenticateBearer(`Bearer ${adminToken.token}`)).rejects.toMatchObject({ code: "unauthorized" });
    await expect(authenticateBearer(`Bearer ${childToken.token}`)).rejects.toMatchObject({ code: "unauthorized" });
    expect(await authenticateBearer(`Bearer ${viewerToken.token}`)).toMatchObject({ role: "viewer" });
    expect((await listApiTokens()).find((t) => t.id === adminToken.id)?.suspended).toMatch(/now an editor, below this token's admin role/);

    await updateUser(admin, { userId: maya.id, role: "admin" });
    expect(await authenticateBearer(`Bearer ${adminToken.token}`)).toMatchObject({ role: "admin" });
  });

  it("keeps workspace tokens made by the CLI (no creator) working", async () => {
    const created = await createApiToken(admin, { name: "ops bot", role: "admin" });
    expect(await authenticateBearer(`Bearer ${created.token}`)).toMatchObject({ role: "admin" });
    expect((await listApiTokens()).find((t) => t.id === created.id)).toMatchObject({ createdBy: null, suspended: null });
  });
});
