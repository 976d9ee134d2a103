import { describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto";
import { parseQuery } from "@/lib/sandbox/google-ads/emulator-gaql";
import { customerDigits, gaqlString, googleEmail, googleEmailHash, googlePhoneHash } from "@/lib/connectors/google-ads/hashing";
import { buildOperations } from "@/lib/connectors/google-ads/wire";

// Test vectors from reference §2.1 (jane.doe@example.com, +15551234567).
const JANE_EMAIL = "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d";
const JANE_PHONE_E164 = "8a59780bb8cd2ba022bfa5ba2ea3b6e07af17a7d8b30c1f9b3390e36f69019e4";
const jane = {
  key: "jane",
  email: { normalized: "jane.doe@example.com", sha256: sha256Hex("jane.doe@example.com") },
  phone: { e164: "+15551234567", sha256: sha256Hex("+15551234567") },
};

describe("Customer Match normalization and hashing (reference §2.2)", () => {
  it("hashes the reference identity to the reference values (phone E.164 with +)", () => {
    expect(googleEmailHash(jane)).toEqual({ hash: JANE_EMAIL });
    expect(googlePhoneHash(jane)).toEqual({ hash: JANE_PHONE_E164 });
  });

  it("lowercases and removes whitespace, but applies no Gmail dot rule", () => {
    expect(googleEmail(" Jane.Doe@GMail.com ")).toBe("jane.doe@gmail.com");
  });

  it("passes pre-hashed values through", () => {
    expect(googlePhoneHash({ key: "p", phone: { e164: "", sha256: JANE_PHONE_E164.toUpperCase(), prehashed: true } })).toEqual({
      hash: JANE_PHONE_E164,
    });
  });

  it("builds one UserData per person with oneof identifiers, skipping people with none", () => {
    const built = buildOperations([jane, { key: "none", email: null }], "create");
    expect(built.operations).toEqual([
      { create: { userIdentifiers: [{ hashedEmail: JANE_EMAIL }, { hashedPhoneNumber: JANE_PHONE_E164 }] } },
    ]);
    expect(built.keys).toEqual(["jane"]);
    expect(built.invalid).toEqual([{ key: "none", status: "invalid", code: "no_identifier", message: "no email or phone" }]);
    expect(buildOperations([jane], "remove").operations[0]).toHaveProperty("remove");
  });

  it("strips dashes from customer ids and escapes GAQL strings", () => {
    expect(customerDigits("123-456-7890")).toBe("1234567890");
    expect(gaqlString(`it's a \\ list`)).toBe(`'it\\'s a \\\\ list'`);
  });
});

describe("the emulator's GAQL subset", () => {
  it("parses fields, resource, AND-ed equality conditions with escapes, and LIMIT", () => {
    expect(
      parseQuery(
        `SELECT user_list.id, user_list.name FROM user_list WHERE user_list.name = 'it\\'s AND more' AND user_list.id = 5 LIMIT 2`,
      ),
    ).toEqual({
      fields: ["user_list.id", "user_list.name"],
      resource: "user_list",
      where: [
        { field: "user_list.name", value: "it's AND more" },
        { field: "user_list.id", value: "5" },
      ],
      limit: 2,
    });
    expect(typeof parseQuery("DELETE FROM user_list")).toBe("string");
  });
});
