import { describe, expect, it } from "vitest";
import { systemActor, type Actor } from "@/lib/auth/actor";
import { createUser, updateUser } from "@/lib/auth/users";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";

const admin = systemActor("test admin");
const viewer: Actor = { type: "user", id: "u_viewer", label: "viewer@x.test", role: "viewer" };
const editor: Actor = { type: "user", id: "u_editor", label: "editor@x.test", role: "editor" };

describe("user management", () => {
  it("creates a user with an argon2id password hash and records it in the audit log", async () => {
    const user = await createUser(admin, { email: "  Maya@Brand.COM ", role: "editor", password: "correct horse battery" });
    expect(user.email).toBe("maya@brand.com");
    expect(user).not.toHaveProperty("passwordHash");
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash!, "correct horse battery")).toBe(true);
    expect(await verifyPassword(row.passwordHash!, "wrong horse battery")).toBe(false);
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: user.id } });
    expect(audit).toMatchObject({ action: "user.created", actorLabel: "test admin", after: { email: "maya@brand.com", role: "editor" } });
  });

  it("refuses viewers and editors, whatever the UI showed", async () => {
    for (const actor of [viewer, editor]) {
      await expect(createUser(actor, { email: "x@y.test", role: "admin", password: "0123456789" })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    expect(await db().user.count({ where: { email: "x@y.test" } })).toBe(0);
  });

  it("says which field is wrong", async () => {
    await expect(createUser(admin, { email: "not-an-email", role: "viewer", password: "short" })).rejects.toMatchObject({
      issues: expect.arrayContaining([
        expect.objectContaining({ path: ["email"], message: "Enter a valid email address" }),
        expect.objectContaining({ path: ["password"] }),
      ]),
    });
  });

  it("refuses a second account with the same email", async () => {
    await createUser(admin, { email: "dup@x.test", role: "viewer", password: "0123456789" });
    await expect(createUser(admin, { email: "DUP@x.test", role: "viewer", password: "0123456789" })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("changes roles with before/after in the audit log, and never removes the last admin", async () => {
    const only = await createUser(admin, { email: "root@x.test", role: "admin", password: "0123456789" });
    const other = await createUser(admin, { email: "other@x.test", role: "viewer", password: "0123456789" });
    await updateUser(admin, { userId: other.id, role: "editor" });
    const entry = await db().auditLog.findFirstOrThrow({ where: { entityId: other.id, action: "user.updated" } });
    expect(entry.before).toMatchObject({ role: "viewer" });
    expect(entry.after).toMatchObject({ role: "editor" });
    await expect(updateUser(admin, { userId: only.id, role: "viewer" })).rejects.toMatchObject({ code: "conflict" });
    expect((await db().user.findUniqueOrThrow({ where: { id: only.id } })).role).toBe("admin");
  });
});
