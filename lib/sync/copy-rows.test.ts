import { describe, expect, it } from "vitest";
import { db, inTransaction, pool } from "@/lib/db";
import { copyAudienceRows } from "@/lib/sync/copy-rows";

describe("copyAudienceRows", () => {
  it("round-trips values COPY would otherwise misread (tabs, newlines, backslashes, NULL)", async () => {
    const odd = "crm\t7\nline\\two\r";
    await inTransaction((tx) =>
      copyAudienceRows(tx, "sync-x", [{ profile_id: "7", k: "external_id", e: null, p: "ab", x: odd, email: null, phone: null }]),
    );
    const row = await db().audienceMember.findFirstOrThrow({ where: { syncId: "sync-x" } });
    expect([row.externalId, row.emailSha256, row.phoneSha256, row.identifierKey]).toEqual([odd, null, "ab", "external_id"]);
    await pool().query("DELETE FROM audience_members WHERE sync_id = 'sync-x'");
  });

  it("round-trips rows longer than the buffer's first guess, with characters of every UTF-8 width", async () => {
    // 1 to 4 bytes per character: the buffer grows, and no character is cut where it does.
    const wide = "aé€😀\t".repeat(400);
    const rows = [1, 2, 3].map((i) => ({
      profile_id: String(i),
      k: "external_id",
      e: `e${i}`,
      p: null,
      x: `${i}${wide}`,
      email: null,
      phone: null,
    }));
    await inTransaction((tx) => copyAudienceRows(tx, "sync-wide", rows));
    const got = await db().audienceMember.findMany({ where: { syncId: "sync-wide" }, orderBy: { profileId: "asc" } });
    expect(got.map((r) => [String(r.profileId), r.emailSha256, r.phoneSha256, r.externalId])).toEqual(
      rows.map((r) => [r.profile_id, r.e, null, r.x]),
    );
    await pool().query("DELETE FROM audience_members WHERE sync_id = 'sync-wide'");
  });
});
