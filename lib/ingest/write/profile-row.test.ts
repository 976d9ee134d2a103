import { describe, expect, it } from "vitest";
import { normalizeEmail, normalizePhone } from "@/lib/identity/normalize";
import { emptyRow, foldMessage, normalizedEmailOf } from "@/lib/ingest/write/profile-row";

// Normalized identifiers are memoized (profile-row.ts): a repeat must get what normalizing gets,
// a phone under each default country its own result, and a full cache must keep answering right.

const at = new Date("2026-06-10T12:00:00.000Z");
const fold = (m: { email?: string; phone?: string }, country: string) =>
  foldMessage(emptyRow(at), { externalId: "u", anonymousId: null, ...m }, at, country);

describe("foldMessage identifiers", () => {
  it("normalizes a phone by the default country it is folded with, also on repeats", () => {
    for (let i = 0; i < 2; i++) {
      for (const country of ["US", "GB", "US"]) {
        const row = fold({ phone: "020 7946 0018" }, country);
        const p = normalizePhone("020 7946 0018", country);
        expect([row.phone, row.phone_valid, row.phone_sha256, row.phone_error]).toEqual([p.e164, p.valid, p.sha256, p.error ?? null]);
      }
    }
    expect(fold({ phone: "020 7946 0018" }, "GB").phone).toBe("+442079460018");
    expect(fold({ phone: "020 7946 0018" }, "US").phone_valid).toBe(false);
  });

  it("keeps answering like normalizeEmail past the memo's bound", () => {
    for (let i = 0; i < 12_000; i += 997) {
      const raw = ` User${i}@Example.COM`;
      for (let k = 0; k < 2; k++) {
        expect(fold({ email: raw }, "US").email).toBe(normalizeEmail(raw).normalized);
        expect(normalizedEmailOf({ externalId: null, anonymousId: "a", email: raw })).toBe(`user${i}@example.com`);
      }
    }
    for (let i = 0; i < 10_500; i++) normalizedEmailOf({ externalId: null, anonymousId: "a", email: `p${i}@x.io` });
    expect(fold({ email: "not an email" }, "US")).toMatchObject({
      email: null,
      email_raw: "not an email",
      email_error: normalizeEmail("not an email").error,
    });
  });
});
