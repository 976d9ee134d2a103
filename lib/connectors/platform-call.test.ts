import { describe, expect, it } from "vitest";
import { MAX_CALL_EXCERPT_CHARS, redactCallPath, redactCallText } from "@/lib/connectors/platform-call";

const HASH = "a".repeat(64);

describe("platform call redaction", () => {
  it("masks raw emails and phones, keyed or not, and keeps hashes", () => {
    const body = JSON.stringify({
      members: [{ email: "ann@example.com", email_sha256: HASH, phone: "+14155550100" }],
      schema: ["EMAIL"],
      data: [["bob@example.org", "+447700900123", HASH]],
      hashed_email: HASH,
    });
    const out = redactCallText(body);
    expect(out).not.toMatch(/ann@|bob@|\+1415|\+4477/);
    expect(out).toContain(HASH);
    expect(out).toContain('"email":"[redacted]"');
    expect(out).toContain('"hashed_email":"' + HASH + '"');
  });

  it("masks credentials in bodies, headers and form posts", () => {
    const out = redactCallText(
      'client_secret=shh-very-secret&refresh_token=1//abc&grant_type=refresh_token {"access_token":"ya29.x","note":"Bearer abcdefghijkl"}',
    );
    expect(out).not.toMatch(/shh-very-secret|1\/\/abc|ya29|abcdefghijkl/);
    expect(out).toContain("grant_type=refresh_token");
  });

  it("masks secret query parameters and drops the host", () => {
    expect(
      redactCallPath("https://graph.facebook.com/v24.0/act_1/customaudiences?access_token=EAAB&fields=id,name&appsecret_proof=ff"),
    ).toBe("/v24.0/act_1/customaudiences?access_token=[redacted]&fields=id%2Cname&appsecret_proof=[redacted]");
  });

  it("cuts long bodies to 2,000 characters and says so", () => {
    const out = redactCallText("x".repeat(10_000));
    expect(out.length).toBe(MAX_CALL_EXCERPT_CHARS);
    expect(out.endsWith("… (truncated)")).toBe(true);
  });

  it("masks a large body's excerpt however its secrets fall around the part it scans", () => {
    // A sync's batch is megabytes; only a prefix is scanned. Secrets (long, escaped, far from their
    // key) and emails are placed at every distance from the excerpt's end and the prefix's.
    const secret = 'S\\"'.repeat(3_000);
    for (let at = 0; at < 60_000; at += 997) {
      const body = `{"pad":"${"x".repeat(at)}","note":"ann${at}@example.com","api_key"  :  "${secret}","members":[${'{"key":"1","email_sha256":"' + HASH + '"},'.repeat(5_000)}{"key":"2"}]}`;
      const out = redactCallText(body);
      expect(out.length).toBe(MAX_CALL_EXCERPT_CHARS);
      expect(out).not.toMatch(/S\\"S|@example\.com/);
    }
  });
});
