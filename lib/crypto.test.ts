import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, safeEqual, sha256Hex } from "@/lib/crypto";

describe("secrets at rest", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptSecret("EAAB-meta-system-user-token");
    expect(sealed).not.toContain("EAAB");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(decryptSecret(sealed)).toBe("EAAB-meta-system-user-token");
    expect(encryptSecret("same")).not.toBe(encryptSecret("same"));
  });

  it("detects tampering", () => {
    const [v, iv, tag, ct] = encryptSecret("secret").split(".");
    const flipped = Buffer.from(ct, "base64url");
    flipped[0] ^= 1;
    expect(() => decryptSecret([v, iv, tag, flipped.toString("base64url")].join("."))).toThrow();
  });

  it("hashes with SHA-256 hex and compares in constant time", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(safeEqual("a", "a")).toBe(true);
    expect(safeEqual("a", "ab")).toBe(false);
  });
});
