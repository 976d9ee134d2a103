import { describe, expect, it } from "vitest";
import type { AudienceItem } from "@/lib/connectors/contract";
import { people } from "@/lib/connectors/test-fixtures";
import { bodyBytes, buildBody } from "@/lib/connectors/webhook/wire";

// The body a receiver gets is written member by member (bodyBytes); it must be exactly the UTF-8
// of the text JSON.stringify makes of the documented object (buildBody), whatever the values hold.

const odd: AudienceItem[] = [
  // Characters JSON must escape: quote, backslash, control characters, a lone surrogate.
  { key: 'k"1', email: { normalized: "a\\b@example.com", sha256: "e\n1" }, phone: null, externalId: "crm\t\u0001\u001f" },
  { key: "2", email: null, phone: { e164: "+14155550123", sha256: "\ud800x" }, externalId: "x\udc00" },
  // Not escaped by JSON: non-ASCII, a surrogate pair, DEL, the line separators.
  { key: "3", email: { normalized: "josé@exämple.com", sha256: "😀" }, phone: { e164: "\u007f\u2028\u2029", sha256: "" }, externalId: "" },
  // Prehashed values send the hash only; empty values are left out.
  {
    key: "4",
    email: { normalized: "", sha256: "abc", prehashed: true },
    phone: { e164: "+1", sha256: "def", prehashed: true },
    externalId: null,
  },
];
const at = new Date("2026-12-02T01:00:00.000Z");

describe("webhook body", () => {
  it("is JSON.stringify of the documented object, character for character", () => {
    for (const items of [odd, people(1, 50, { externalId: true }), people(7, 3, { phone: false }), []])
      for (const hashedOnly of [false, true])
        for (const batch of [undefined, { runId: 'r"1', seq: 3, last: true }]) {
          const audience = { id: 'Cart "abandoners" \\ (Webhook)' };
          const body = bodyBytes("audience.members.added", audience, items, hashedOnly, batch, at);
          const text = JSON.stringify(buildBody("audience.members.added", audience, items, hashedOnly, batch, at));
          expect(body.bytes.equals(Buffer.from(text))).toBe(true);
          expect(body.length).toBe(text.length);
        }
  });

  it("grows past its first guess without cutting a character", () => {
    const long = "é€😀".repeat(2000);
    const items = [1, 2].map((i) => ({ key: String(i), email: { normalized: long, sha256: `${i}` }, phone: null, externalId: long }));
    const text = JSON.stringify(buildBody("audience.members.added", { id: "a" }, items, false, undefined, at));
    expect(bodyBytes("audience.members.added", { id: "a" }, items, false, undefined, at).bytes.toString()).toBe(text);
  });

  it("parses back to the members the sync sends", () => {
    const body = JSON.parse(bodyBytes("audience.members.removed", { id: "a" }, odd, false).bytes.toString());
    expect(body.members.map((m: { key: string }) => m.key)).toEqual(['k"1', "2", "3", "4"]);
    expect(body.members[0]).toEqual({ key: 'k"1', external_id: "crm\t\u0001\u001f", email: "a\\b@example.com", email_sha256: "e\n1" });
    expect(body.members[3]).toEqual({ key: "4", email_sha256: "abc", phone_sha256: "def" });
  });
});
