import { beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto";
import { pool } from "@/lib/db";
import { addMembers, clearMembers, insertAudience, listMembers, memberCounts, removeMembers, resetPlatform } from "@/lib/sandbox/store";

// The emulators' member store, keyed by hashes of the audience and the member key (migration
// 20261202130000): what each platform emulator relies on when it adds, removes and counts.

const h = (s: string) => sha256Hex(s);

beforeEach(async () => {
  for (const p of ["meta", "tiktok"] as const) await resetPlatform(pool(), p);
  await insertAudience(pool(), { platform: "meta", id: "1001", accountId: "act_1", name: "A" });
  await insertAudience(pool(), { platform: "meta", id: "1002", accountId: "act_1", name: "B" });
  await insertAudience(pool(), { platform: "tiktok", id: "1001", accountId: "adv_1", name: "Same id, other platform" });
});

describe("sandbox member store", () => {
  it("counts a person once, whether sent twice in one upload or again later", async () => {
    const first = await addMembers(pool(), "meta", "1001", [{ email: h("a") }, { email: h("a") }, { email: h("b"), phone: h("1") }], 1);
    expect(first).toEqual({ inserted: 2, matched: 2 });
    expect(await addMembers(pool(), "meta", "1001", [{ email: h("a") }, { email: h("c") }], 1)).toEqual({ inserted: 1, matched: 1 });
    expect((await memberCounts(pool(), "meta", "1001", 0)).total).toBe(3);
  });

  it("keeps audiences apart: another audience, and the same audience id on another platform", async () => {
    await addMembers(pool(), "meta", "1001", [{ email: h("a") }, { email: h("b") }], 1);
    await addMembers(pool(), "meta", "1002", [{ email: h("a") }], 1);
    await addMembers(pool(), "tiktok", "1001", [{ email: h("a") }], 1);
    expect((await memberCounts(pool(), "meta", "1001", 0)).total).toBe(2);
    expect((await memberCounts(pool(), "meta", "1002", 0)).total).toBe(1);
    expect((await memberCounts(pool(), "tiktok", "1001", 0)).total).toBe(1);

    expect(await removeMembers(pool(), "meta", "1001", [{ email: h("a") }])).toEqual({ removed: 1 });
    expect((await memberCounts(pool(), "meta", "1002", 0)).total).toBe(1);
    expect((await memberCounts(pool(), "tiktok", "1001", 0)).total).toBe(1);
    expect(await clearMembers(pool(), "meta", "1002")).toEqual({ removed: 1 });
    expect((await memberCounts(pool(), "tiktok", "1001", 0)).total).toBe(1);
  });

  it("removes by the key, or by another identifier the person was added with", async () => {
    await addMembers(pool(), "meta", "1001", [{ email: h("a"), phone: h("1") }, { email: h("b") }, { phone: h("2") }], 1);
    // Phone alone for someone added with email and phone: their key is the email hash.
    expect(await removeMembers(pool(), "meta", "1001", [{ phone: h("1") }, { phone: h("2") }, { email: h("nobody") }])).toEqual({
      removed: 2,
    });
    expect((await listMembers(pool(), "meta", "1001", { limit: 10 })).map((m) => m.member_key)).toEqual([h("b")]);
  });

  it("reads members back in key order, page by page", async () => {
    const emails = Array.from({ length: 25 }, (_, i) => h(`p${i}`));
    await addMembers(
      pool(),
      "meta",
      "1001",
      emails.map((email) => ({ email })),
      1,
    );
    const read: string[] = [];
    for (let after: string | undefined; ;) {
      const page = await listMembers(pool(), "meta", "1001", { after, limit: 10 });
      read.push(...page.map((m) => m.member_key));
      if (page.length < 10) break;
      after = page.at(-1)!.member_key;
    }
    expect(read).toEqual([...emails].sort());
  });
});
