import { describe, expect, it } from "vitest";
import { cioSignature, verifyCioSignature } from "@/lib/ingest/webhook/verify-signature";

// The worked example from destination-contracts.md §4.1.
const KEY = "test-signing-key";
const TS = "1718000005";
const BODY = '{"event_id":"01HZX0EXAMPLE","object_type":"email","metric":"delivered","timestamp":1718000000,"data":{}}';
const SIG = "949528647a74d9db2a7a29c5662cf7c750c9c3b8a6a31f175c4c9df8c6858f55";
const check = (over: Partial<Parameters<typeof verifyCioSignature>[0]> = {}) =>
  verifyCioSignature({ signingKey: KEY, timestamp: TS, signature: SIG, rawBody: Buffer.from(BODY), nowSeconds: 1718000010, ...over });

describe("Customer.io webhook signatures", () => {
  it("reproduces the known vector", () => {
    expect(cioSignature(KEY, TS, Buffer.from(BODY))).toBe(SIG);
    expect(check()).toEqual({ ok: true });
  });

  it("accepts an uppercase signature (hex is case-insensitive)", () => {
    expect(check({ signature: SIG.toUpperCase() })).toEqual({ ok: true });
  });

  it("refuses a tampered body", () => {
    expect(check({ rawBody: Buffer.from(BODY.replace("delivered", "clicked")) })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("does not match"),
    });
    expect(check({ rawBody: Buffer.from(`${BODY} `) }).ok).toBe(false);
  });

  it("refuses the wrong key", () => {
    expect(check({ signingKey: "other-key" })).toMatchObject({ ok: false, reason: expect.stringContaining("does not match") });
  });

  it("refuses a tampered timestamp (it is part of the signed string)", () => {
    expect(check({ timestamp: "1718000006" }).ok).toBe(false);
  });

  it("refuses stale and future timestamps even when correctly signed", () => {
    expect(check({ nowSeconds: 1718000005 + 301 })).toMatchObject({ ok: false, reason: expect.stringContaining("stale") });
    expect(check({ nowSeconds: 1718000005 - 301 }).ok).toBe(false);
    expect(check({ nowSeconds: 1718000005 + 300 }).ok).toBe(true);
  });

  it("refuses missing, prefixed or malformed signatures without throwing", () => {
    expect(check({ signature: null }).ok).toBe(false);
    expect(check({ timestamp: null }).ok).toBe(false);
    expect(check({ signature: `v0=${SIG}` }).ok).toBe(false);
    expect(check({ signature: SIG.slice(2) }).ok).toBe(false);
    expect(check({ signature: "zz".repeat(32) }).ok).toBe(false);
    expect(check({ timestamp: "17e8" }).ok).toBe(false);
  });
});
