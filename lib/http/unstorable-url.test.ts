import { describe, expect, it } from "vitest";
import { unstorableInUrl } from "@/lib/http/unstorable-url";

describe("unstorableInUrl", () => {
  it("names the part of an address that carries a NUL or a malformed escape", () => {
    expect(unstorableInUrl(new URL("http://x/people/a%00b"))).toBe("the address");
    expect(unstorableInUrl(new URL("http://x/people?q=%00&page=2"))).toBe('the "q" parameter');
    expect(unstorableInUrl(new URL("http://x/people?%00=1"))).toBe('the "" parameter');
    expect(unstorableInUrl(new URL("http://x/people/%ED%A0%80"))).toBe("the address (a malformed %-escape)");
  });

  it("lets ordinary addresses through, including encoded Unicode and slashes", () => {
    expect(unstorableInUrl(new URL("http://x/people/crm%2F42?q=J%C3%A9r%C3%B4me%20%F0%9F%98%80"))).toBeNull();
    expect(unstorableInUrl(new URL("http://x/segments/abc?tab=members"))).toBeNull();
  });
});
