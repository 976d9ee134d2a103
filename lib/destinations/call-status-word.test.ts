import { describe, expect, it } from "vitest";
import { callStatusWord, isFailedCall } from "@/lib/destinations/call-status-word";

describe("call status words", () => {
  it("names answers and the lack of one", () => {
    expect([200, 204, 307, 401, 429, 503, 418, null].map(callStatusWord)).toEqual([
      "200 OK",
      "204 OK",
      "307 Redirect (not followed)",
      "401 Refused the credentials",
      "429 Too many requests",
      "503 Platform error",
      "418 Refused",
      "No answer",
    ]);
  });
  it("counts HTTP errors, redirects refused with an error, and no answer as failed", () => {
    expect(isFailedCall({ status: 200, error: null })).toBe(false);
    expect(isFailedCall({ status: 500, error: null })).toBe(true);
    expect(isFailedCall({ status: null, error: "did not answer" })).toBe(true);
    expect(isFailedCall({ status: 302, error: "answered with a redirect" })).toBe(true);
  });
});
