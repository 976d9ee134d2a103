import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isSha256Hex, normalizeEmail, normalizeExternalId, normalizePhone } from "@/lib/identity/normalize";

const sha = (v: string) => createHash("sha256").update(v).digest("hex");

describe("normalizeEmail", () => {
  it("trims and lowercases before hashing", () => {
    const r = normalizeEmail("  Maria.Garcia@Gmail.COM \n");
    expect(r).toEqual({ raw: "  Maria.Garcia@Gmail.COM \n", normalized: "maria.garcia@gmail.com", sha256: sha("maria.garcia@gmail.com") });
  });

  it("keeps plus addressing and dots (provider-specific rules are not ours to guess)", () => {
    expect(normalizeEmail("qa+01@downstream.test").normalized).toBe("qa+01@downstream.test");
  });

  it.each([
    ["maria.garcia@", "empty domain"],
    ["maria at gmail.com", "contains whitespace"],
    ["maria@gmail", "domain has no dot"],
    ["@gmail.com", "empty local part"],
    ["a@b@c.com", "more than one @"],
    ["maria..garcia@gmail.com", "invalid local part"],
    ["maria@-gmail.com", "invalid domain"],
    ["maria@gmail..com", "invalid domain"],
  ])("rejects %j (%s)", (raw, error) => {
    expect(normalizeEmail(raw)).toEqual({ raw, normalized: null, sha256: null, error });
  });

  it("reports missing values without throwing", () => {
    expect(normalizeEmail(null).error).toBe("missing");
    expect(normalizeEmail("   ").error).toBe("missing");
  });

  it("passes a pre-hashed value through instead of hashing the hash", () => {
    const hash = sha("maria@gmail.com");
    expect(normalizeEmail(` ${hash.toUpperCase()} `)).toMatchObject({ normalized: null, sha256: hash, prehashed: true });
  });
});

describe("normalizePhone", () => {
  it.each([
    ["(415) 555-0134", "US", "+14155550134"],
    ["415.555.0134", "US", "+14155550134"],
    ["+1 415 555 0134", "GB", "+14155550134"],
    ["+44 7911 123456", "US", "+447911123456"],
    ["07911 123456", "GB", "+447911123456"],
    ["0412 345 678", "AU", "+61412345678"],
  ])("normalizes %j with default %s to %s", (raw, country, e164) => {
    expect(normalizePhone(raw, country)).toEqual({ raw, e164, valid: true, sha256: sha(e164) });
  });

  it.each([
    ["415-555-013", "US", "too short for US"],
    ["12345", "US", "too short for US"],
    ["07911123456", "US", "too long for US"],
    ["n/a", "US", "not a number"],
    ["call me", "US", "not a number"],
    ["+44 7700 900123", "US", "not a valid number for +44"],
  ])("rejects %j with default %s: %s", (raw, country, error) => {
    expect(normalizePhone(raw, country)).toEqual({ raw, e164: null, valid: false, sha256: null, error });
  });

  it("accepts an extension marker but not other letters", () => {
    expect(normalizePhone("415-555-0134 ext. 12", "US").e164).toBe("+14155550134");
  });

  it("reports missing values", () => {
    expect(normalizePhone(undefined)).toMatchObject({ valid: false, error: "missing" });
  });

  it("passes a pre-hashed value through", () => {
    const hash = sha("+14155550134");
    expect(normalizePhone(hash)).toMatchObject({ e164: null, valid: true, sha256: hash, prehashed: true });
  });
});

describe("normalizeExternalId", () => {
  it("trims, keeps case, and maps empty to null", () => {
    expect(normalizeExternalId("  Cus_123 ")).toBe("Cus_123");
    expect(normalizeExternalId(42)).toBe("42");
    expect(normalizeExternalId("   ")).toBeNull();
    expect(normalizeExternalId(null)).toBeNull();
  });
});

describe("isSha256Hex", () => {
  it("detects 64 hex characters only", () => {
    expect(isSha256Hex(sha("x"))).toBe(true);
    expect(isSha256Hex(sha("x").slice(1))).toBe(false);
    expect(isSha256Hex("z".repeat(64))).toBe(false);
    expect(isSha256Hex(null)).toBe(false);
  });
});
