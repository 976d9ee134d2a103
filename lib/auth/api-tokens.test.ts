import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { authenticateBearer, createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
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
    await expect(createApiToken({ type: "user", id: "u", label: "e@x", role: "editor" }, { name: "n", role: "admin" })).rejects.toMatchObject({ code: "forbidden" });
  });
});
