import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { sendableEmailSql, sendablePhoneSql, matchableSql } from "@/lib/identity/sendable";
import { segmentDefinition } from "@/lib/segments/definition";
import { compileSegment, membersSql } from "@/lib/segments/sql/compile";

// "Has a phone" in the builder and "can send a phone" in a sync are one definition: a
// pre-hashed phone (no validity verdict) counts in both, an invalid one in neither.
describe("identifier rules use the sendable definition", () => {
  it("agrees with lib/identity/sendable.ts person for person", async () => {
    const db = pool();
    await db.query("TRUNCATE profiles CASCADE");
    const h = (c: string) => c.repeat(64);
    await db.query(
      `INSERT INTO profiles (id, email_sha256, phone_valid, phone_sha256) VALUES
         (1, NULL, TRUE, $1), (2, NULL, NULL, $2), (3, NULL, FALSE, $3), (4, $4, NULL, NULL), (5, NULL, NULL, NULL)`,
      [h("a"), h("b"), h("c"), h("d")],
    );
    const cases = { phone: sendablePhoneSql("p"), email: sendableEmailSql("p"), email_or_phone: matchableSql("p") } as const;
    for (const [identifier, sql] of Object.entries(cases)) {
      const compiled = compileSegment(segmentDefinition.parse({ conditions: [{ type: "identifier", identifier }] }), { now: Date.now() });
      const members = (await db.query<{ profile_id: string }>(membersSql(compiled), compiled.params)).rows
        .map((r) => Number(r.profile_id))
        .sort();
      const sendable = (await db.query<{ id: string }>(`SELECT id FROM profiles p WHERE ${sql} ORDER BY id`)).rows.map((r) => Number(r.id));
      expect(members, identifier).toEqual(sendable);
    }
    const phone = compileSegment(segmentDefinition.parse({ conditions: [{ type: "identifier", identifier: "phone" }] }), {
      now: Date.now(),
    });
    expect((await db.query(membersSql(phone), phone.params)).rows.map((r) => Number(r.profile_id)).sort()).toEqual([1, 2]);
  });
});
