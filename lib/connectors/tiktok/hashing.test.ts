import { describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto";
import { tiktokEmail, tiktokEmailHash, tiktokPhone, tiktokPhoneHash } from "@/lib/connectors/tiktok/hashing";
import { buildBatch } from "@/lib/connectors/tiktok/wire";

// TikTok's published examples ("List of supported IDs and formats for a customer file",
// https://ads.tiktok.com/help/preview?content_id=5gcDeV2ckkwNVh1BedxvSJ&lang=en, checked 2026-12-01):
// email "janedoe@gmail.com" → d6117306…; phone "37493828222" → 65b7e6dc… (the page lists the
// phone as "+37493828222" beside it, but its hash is of the form without "+", which TikTok
// "also supports"). Other vectors from reference §1.2/§2.1 (same identity).
const TIKTOK_EMAIL_EXAMPLE = "d6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69";
const TIKTOK_PHONE_EXAMPLE = "65b7e6dcf6f4310f8d7cbfbd78289a753062fb054d6664fb9aaac5df66a422d4";
const PHONE_DIGITS = "d6736136ea896c1bfdc553e0e86e702c70d060d805696ca3e4e9e0961353860a";
const PHONE_E164 = "8a59780bb8cd2ba022bfa5ba2ea3b6e07af17a7d8b30c1f9b3390e36f69019e4";
const documented = { phoneFormat: "e164", removeEmailPlusTag: false } as const;
const jane = {
  key: "jane",
  email: { normalized: "jane.doe+ads@example.com", sha256: sha256Hex("jane.doe+ads@example.com") },
  phone: { e164: "+15551234567", sha256: sha256Hex("+15551234567") },
};

describe("TikTok normalization and hashing (TikTok help center, checked 2026-12-01)", () => {
  it("matches TikTok's published email and phone examples", () => {
    expect(sha256Hex(tiktokEmail(" JaneDoe@Gmail.com "))).toBe(TIKTOK_EMAIL_EXAMPLE);
    expect(sha256Hex(tiktokPhone("+37493828222", "digits"))).toBe(TIKTOK_PHONE_EXAMPLE);
    expect(tiktokPhone("+1 (657) 777-0000")).toBe("+16577770000");
    expect(tiktokPhone("+1 (657) 777-0000", "digits")).toBe("16577770000");
  });

  it("keeps a +tag by default: spaces removed and lowercase only, as TikTok documents", () => {
    expect(tiktokEmail("Jane.Doe+Ads@Example.com")).toBe("jane.doe+ads@example.com");
    expect(tiktokEmail("jane doe@example.com")).toBe("janedoe@example.com");
    // Unchanged from what ingest stored, so ingest's own digest is sent.
    expect(tiktokEmailHash(jane, documented)).toEqual({ hash: sha256Hex("jane.doe+ads@example.com") });
  });

  it("removes the +tag only when the destination asks for it", () => {
    expect(tiktokEmail("Jane.Doe+Ads@Example.com", true)).toBe("jane.doe@example.com");
    expect(tiktokEmailHash(jane, { ...documented, removeEmailPlusTag: true })).toEqual({ hash: sha256Hex("jane.doe@example.com") });
  });

  it("hashes phones in E.164 with + by default, digits only on request", () => {
    expect(tiktokPhoneHash(jane, documented)).toEqual({ hash: PHONE_E164 });
    expect(tiktokPhoneHash(jane, { ...documented, phoneFormat: "digits" })).toEqual({ hash: PHONE_DIGITS });
  });

  it("lays batch_data out positionally with {} placeholders (§3.1) and counts each row's ids", () => {
    const built = buildBatch(
      [jane, { key: "mail-only", email: { normalized: "a@b.co", sha256: sha256Hex("a@b.co") } }, { key: "none" }],
      "123",
      documented,
    );
    expect(built.idSchema).toEqual(["EMAIL_SHA256", "PHONE_SHA256"]);
    expect(built.batchData).toEqual([
      [
        { id: sha256Hex("jane.doe+ads@example.com"), audience_ids: ["123"] },
        { id: PHONE_E164, audience_ids: ["123"] },
      ],
      [{ id: sha256Hex("a@b.co"), audience_ids: ["123"] }, {}],
    ]);
    expect(built.ids).toEqual([2, 1]);
    expect(built.invalid.map((r) => r.key)).toEqual(["none"]);
  });
});
