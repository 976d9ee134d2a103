import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP, SIGN_IN_WINDOW_MS, beginSignInAttempt } from "@/lib/auth/sign-in-limits";
import { clientIpFrom, signInWithPassword } from "@/lib/auth/sign-in";
import { createUser } from "@/lib/auth/users";
import { pool } from "@/lib/db";

const PASSWORD = "correct horse battery";

describe("sign-in lockout", () => {
  it("locks an account after repeated wrong passwords, even for the right one, and says for how long", async () => {
    await createUser(systemActor("test"), { email: "ana@brand.test", role: "editor", password: PASSWORD });
    const lefts: number[] = [];
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      const r = await signInWithPassword({ email: "Ana@Brand.test", password: `guess-${i}` }, "10.0.0.1");
      expect(r).toMatchObject({ ok: false, reason: "wrong_credentials" });
      if (!r.ok && r.reason === "wrong_credentials") lefts.push(r.failuresLeft);
    }
    expect(lefts).toEqual([4, 3, 2, 1, 0]);
    // Now refused without checking, from any address, even with the right password.
    const locked = await signInWithPassword({ email: "ana@brand.test", password: PASSWORD }, "10.9.9.9");
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    if (!locked.ok && locked.reason === "locked") {
      expect(locked.retryAfterSeconds).toBeGreaterThan(0);
      expect(locked.retryAfterSeconds).toBeLessThanOrEqual(SIGN_IN_WINDOW_MS / 1000);
    }
    // Refused attempts are not counted, so the lock ends when the window has passed: move the
    // recorded failures back in time instead of waiting.
    await pool().query("UPDATE sign_in_attempts SET created_at = created_at - interval '16 minutes' WHERE email = 'ana@brand.test'");
    expect(await signInWithPassword({ email: "ana@brand.test", password: PASSWORD }, "10.0.0.1")).toMatchObject({ ok: true });
  });

  it("a success clears the count, and other accounts are unaffected", async () => {
    await createUser(systemActor("test"), { email: "bo@brand.test", role: "viewer", password: PASSWORD });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) await signInWithPassword({ email: "bo@brand.test", password: "nope" }, null);
    expect(await signInWithPassword({ email: "bo@brand.test", password: PASSWORD }, null)).toMatchObject({ ok: true });
    expect(await signInWithPassword({ email: "bo@brand.test", password: "nope" }, null)).toMatchObject({
      reason: "wrong_credentials",
      failuresLeft: MAX_FAILURES_PER_EMAIL - 1,
    });
    // Unknown emails are counted the same way, so the lockout says nothing about which accounts exist.
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await signInWithPassword({ email: "nobody@brand.test", password: "x" }, null);
    expect(await signInWithPassword({ email: "nobody@brand.test", password: "x" }, null)).toMatchObject({ reason: "locked" });
  });

  it("holds under parallel guesses: no more password checks than the limit get through", async () => {
    const gates = await Promise.all(Array.from({ length: 20 }, () => beginSignInAttempt("parallel@brand.test", null)));
    expect(gates.filter((g) => g.allowed)).toHaveLength(MAX_FAILURES_PER_EMAIL);
  });

  it("limits one client address spraying many accounts", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      expect((await beginSignInAttempt(`spray-${i}@brand.test`, "203.0.113.7")).allowed).toBe(true);
    }
    expect(await beginSignInAttempt("spray-new@brand.test", "203.0.113.7")).toMatchObject({ allowed: false });
    expect(await beginSignInAttempt("spray-new@brand.test", "203.0.113.8")).toMatchObject({ allowed: true });
  });

  it("reads the client address the nearest proxy appended", () => {
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "1.2.3.4, 10.0.0.5" }))).toBe("10.0.0.5");
    expect(clientIpFrom({ "x-real-ip": "9.9.9.9" })).toBe("9.9.9.9");
    expect(clientIpFrom({})).toBeNull();
  });
});
