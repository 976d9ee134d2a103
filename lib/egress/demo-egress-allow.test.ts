import { describe, expect, it } from "vitest";
import { demoEgressAllow } from "@/lib/egress/demo-egress-allow";
import { isAllowedAddress, isAllowedHost, parseEgressAllow } from "@/lib/egress/egress-policy";

describe("demoEgressAllow", () => {
  it("allows the demo's sandbox origin and its database port, and nothing else local", () => {
    const text = demoEgressAllow({
      origin: "http://localhost:3000",
      databaseUrl: "postgres://postgres:pw@127.0.0.1:54329/downstream",
      current: "10.1.0.0/16",
    });
    expect(text).toBe("10.1.0.0/16,localhost:3000,127.0.0.1:54329");
    const policy = parseEgressAllow(text);
    expect(isAllowedHost(policy, "localhost", 3000)).toBe(true);
    expect(isAllowedHost(policy, "localhost", 5432)).toBe(false);
    expect(isAllowedAddress(policy, "127.0.0.1", 54329)).toBe(true);
    expect(isAllowedAddress(policy, "127.0.0.1", 6379)).toBe(false);
  });
});
