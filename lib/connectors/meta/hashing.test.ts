import { describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto";
import { appSecretProof, metaEmail, metaEmailHash, metaPhone, metaPhoneHash, metaSessionId } from "@/lib/connectors/meta/hashing";
import { buildRows } from "@/lib/connectors/meta/wire";

// Test vectors from reference §1.2 / §1.6 (hashes computed there with real SHA-256).
const JANE_EMAIL = "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d"; // jane.doe@example.com
const JANE_PHONE_DIGITS = "d6736136ea896c1bfdc553e0e86e702c70d060d805696ca3e4e9e0961353860a"; // 15551234567

const jane = {
  key: "1",
  email: { normalized: "jane.doe@example.com", sha256: sha256Hex("jane.doe@example.com") },
  phone: { e164: "+15551234567", sha256: sha256Hex("+15551234567") },
};

describe("Meta normalization and hashing (reference §1.3)", () => {
  it("hashes the reference identity to the reference values", () => {
    expect(metaEmailHash(jane)).toEqual({ hash: JANE_EMAIL });
    // Digits only, no "+": the E.164 hash stored at ingest is NOT what Meta matches on.
    expect(metaPhoneHash(jane)).toEqual({ hash: JANE_PHONE_DIGITS });
    expect(metaPhoneHash(jane)).not.toEqual({ hash: jane.phone.sha256 });
  });

  it("matches the other reference columns (FN, LN, COUNTRY) so sha256Hex agrees with Meta's examples", () => {
    expect(sha256Hex("jane")).toBe("81f8f6dde88365f3928796ec7aa53f72820b06db8664f5fe76a7eb13e24546a2");
    expect(sha256Hex("doe")).toBe("799ef92a11af918e3fb741df42934f3b568ed2d93ac1df74f1b8d41a27932a6f");
    expect(sha256Hex("us")).toBe("79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621");
  });

  it("strips what the SDKs strip from emails, and nothing more (no Gmail rules)", () => {
    expect(metaEmail("  .Jane.Doe+news@GMAIL.com.\t")).toBe("jane.doe+news@gmail.com");
  });

  it("keeps digits only and drops leading zeros from phones", () => {
    expect(metaPhone("+44 7700 900123")).toBe("447700900123");
    expect(metaPhone("0044-7700-900123")).toBe("447700900123");
  });

  it("passes pre-hashed values through, lowercased, and rejects malformed ones", () => {
    const upper = JANE_EMAIL.toUpperCase();
    expect(metaEmailHash({ key: "a", email: { normalized: "", sha256: upper, prehashed: true } })).toEqual({ hash: JANE_EMAIL });
    expect(metaEmailHash({ key: "b", email: { normalized: upper, sha256: "" } })).toEqual({ hash: JANE_EMAIL });
    expect(metaPhoneHash({ key: "c", phone: { e164: "", sha256: "not-a-hash", prehashed: true } })).toEqual({
      error: expect.stringContaining("SHA-256"),
    });
  });

  it("computes the time-stamped appsecret_proof of reference §1.6", () => {
    expect(appSecretProof("EAAB-token", "app-secret", 1718000000)).toBe("75b00290a2ce40600cb3ae66f1525f517e73943b77bce8a69e97e95da531716b");
  });

  it("derives stable session ids below 2^52", () => {
    expect(metaSessionId("run-1:aud:add")).toBe(metaSessionId("run-1:aud:add"));
    expect(metaSessionId("run-1:aud:add")).not.toBe(metaSessionId("run-1:aud:remove"));
    expect(metaSessionId("x")).toBeLessThan(2 ** 52);
  });
});

describe("Meta multi-key rows (reference §1.2)", () => {
  it('sends only the columns in use, with "" for empty cells and EXTERN_ID raw', () => {
    const built = buildRows([jane, { key: "2", email: null, phone: null, externalId: "crm-2" }, { key: "3" }]);
    expect(built.schema).toEqual(["EMAIL", "PHONE", "EXTERN_ID"]);
    expect(built.rows).toEqual([
      [JANE_EMAIL, JANE_PHONE_DIGITS, ""],
      ["", "", "crm-2"],
    ]);
    expect(built.keys).toEqual(["1", "2"]);
    expect(built.invalid).toEqual([{ key: "3", status: "invalid", code: "no_identifier", message: "no email, phone or external id" }]);
  });

  it("drops unused columns", () => {
    expect(buildRows([{ key: "1", email: jane.email }]).schema).toEqual(["EMAIL"]);
  });
});
