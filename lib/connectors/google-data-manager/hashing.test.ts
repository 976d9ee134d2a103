import { describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto";
import {
  dataManagerEmail,
  dataManagerEmailHash,
  dataManagerPhone,
  dataManagerPhoneHash,
} from "@/lib/connectors/google-data-manager/hashing";
import { buildMembers } from "@/lib/connectors/google-data-manager/wire";

// The examples Google publishes on "Format user data"
// (https://developers.google.com/data-manager/api/devguides/concepts/formatting). The page gives
// the formatted strings; the digests below are their SHA-256 in hex (computed once with
// `printf %s '<formatted>' | sha256sum`), so the hashing is pinned to fixed values, not to itself.
const VECTORS = [
  {
    raw: "cloudy.sanfrancisco+shopping@gmail.com",
    formatted: "cloudysanfrancisco@gmail.com",
    sha256: "223ebda6f6889b1494551ba902d9d381daf2f642bae055888e96343d53e9f9c4",
  },
  {
    raw: "user.name+NYC@Example.com",
    formatted: "user.name+nyc@example.com",
    sha256: "f109a2a632fbcea5fc82049f50beed3d8621bf9034399f437fb622222acccdac",
  },
];
const PHONE = {
  raw: "+1 (800) 555-0100",
  formatted: "+18005550100",
  sha256: "fb4f73a6ec5fdb7077d564cdd22c3554b43ce49168550c3b12c547b78c517b30",
};

describe("Data Manager API formatting and hashing", () => {
  it.each(VECTORS)("formats $raw as Google's example says and hashes it", ({ raw, formatted, sha256 }) => {
    expect(dataManagerEmail(raw)).toBe(formatted);
    // Ingest stores trimmed lowercase emails; the platform form is derived from that.
    const stored = raw.trim().toLowerCase();
    expect(dataManagerEmailHash({ key: "k", email: { normalized: stored, sha256: sha256Hex(stored) } })).toEqual({ hash: sha256 });
  });

  it("removes dots and +tags only for gmail.com and googlemail.com, and all whitespace", () => {
    expect(dataManagerEmail(" Jane.Doe+promo @GoogleMail.com ")).toBe("janedoe@googlemail.com");
    expect(dataManagerEmail("jane.doe+promo@example.com")).toBe("jane.doe+promo@example.com");
    expect(dataManagerEmail("jane.doe@gmail.co.uk")).toBe("jane.doe@gmail.co.uk");
  });

  it("formats phones as E.164 with the plus sign (Google's (800)555-0100 example)", () => {
    expect(dataManagerPhone(PHONE.raw)).toBe(PHONE.formatted);
    expect(dataManagerPhoneHash({ key: "k", phone: { e164: PHONE.formatted, sha256: sha256Hex(PHONE.formatted) } })).toEqual({
      hash: PHONE.sha256,
    });
  });

  it("reuses ingest's digest when the platform form is unchanged, and passes pre-hashed values through", () => {
    const e = "user.name+nyc@example.com";
    expect(dataManagerEmailHash({ key: "k", email: { normalized: e, sha256: "a".repeat(64) } })).toEqual({ hash: "a".repeat(64) });
    expect(
      dataManagerEmailHash({ key: "k", email: { normalized: "", sha256: VECTORS[0]!.sha256.toUpperCase(), prehashed: true } }),
    ).toEqual({
      hash: VECTORS[0]!.sha256,
    });
  });

  it("builds one AudienceMember per person with one field per identifier, skipping people with none", () => {
    const built = buildMembers([
      {
        key: "a",
        email: { normalized: "user.name+nyc@example.com", sha256: VECTORS[1]!.sha256 },
        phone: { e164: PHONE.formatted, sha256: PHONE.sha256 },
      },
      { key: "none", email: null, phone: null },
    ]);
    expect(built.members).toEqual([
      { userData: { userIdentifiers: [{ emailAddress: VECTORS[1]!.sha256 }, { phoneNumber: PHONE.sha256 }] } },
    ]);
    expect(built.keys).toEqual(["a"]);
    expect(built.invalid).toEqual([{ key: "none", status: "invalid", code: "no_identifier", message: "no email or phone" }]);
  });
});
