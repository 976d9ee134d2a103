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
});
