import { describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto";
import { tiktokEmail, tiktokEmailHash, tiktokPhone, tiktokPhoneHash } from "@/lib/connectors/tiktok/hashing";
import { buildBatch } from "@/lib/connectors/tiktok/wire";

// Vectors from reference §1.2/§2.1 (same identity): TikTok's digits-only phone equals Meta's,
// its E.164 option equals Google's.
const JANE_EMAIL = "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d";
const PHONE_DIGITS = "d6736136ea896c1bfdc553e0e86e702c70d060d805696ca3e4e9e0961353860a";
const PHONE_E164 = "8a59780bb8cd2ba022bfa5ba2ea3b6e07af17a7d8b30c1f9b3390e36f69019e4";
const digits = { phoneFormat: "digits", stripEmailPlusTag: true } as const;
const jane = {
  key: "jane",
  email: { normalized: "jane.doe+ads@example.com", sha256: sha256Hex("jane.doe+ads@example.com") },
  phone: { e164: "+15551234567", sha256: sha256Hex("+15551234567") },
};

describe("TikTok normalization and hashing (reference §3.3)", () => {
  it("removes the +suffix before @ (help center), keeps dots, and hashes", () => {
    expect(tiktokEmail("Jane.Doe+ads@Example.com")).toBe("jane.doe@example.com");
    expect(tiktokEmail("jane.doe+ads@example.com", false)).toBe("jane.doe+ads@example.com");
    expect(tiktokEmailHash(jane, digits)).toEqual({ hash: JANE_EMAIL });
  });

  it("hashes phones digits-only by default, E.164 on request", () => {
    expect(tiktokPhone("+1 (555) 123-4567")).toBe("15551234567");
    expect(tiktokPhoneHash(jane, digits)).toEqual({ hash: PHONE_DIGITS });
    expect(tiktokPhoneHash(jane, { ...digits, phoneFormat: "e164" })).toEqual({ hash: PHONE_E164 });
  });

  it("lays batch_data out positionally with {} placeholders (§3.1)", () => {
    const built = buildBatch(
      [jane, { key: "mail-only", email: { normalized: "a@b.co", sha256: sha256Hex("a@b.co") } }, { key: "none" }],
      "123",
      digits,
    );
    expect(built.idSchema).toEqual(["EMAIL_SHA256", "PHONE_SHA256"]);
    expect(built.batchData).toEqual([
      [
        { id: JANE_EMAIL, audience_ids: ["123"] },
        { id: PHONE_DIGITS, audience_ids: ["123"] },
      ],
      [{ id: sha256Hex("a@b.co"), audience_ids: ["123"] }, {}],
    ]);
    expect(built.invalid.map((r) => r.key)).toEqual(["none"]);
  });
});
