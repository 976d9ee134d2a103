import { describe, expect, it } from "vitest";
import { verification } from "@/lib/destinations/destination-view";

// "Not tested" on a destination that is delivering was false (issue 9, item 9): a run that
// delivered proves the connection, and the screen says when and how it was last shown to work.
const at = (h: number) => new Date(Date.UTC(2026, 11, 1, h));
const base = { lastTestedAt: null, lastTestOk: null, lastTestDetail: null, updatedAt: at(0) };
const run = (h: number) => ({ at: at(h), syncId: "s1", syncName: "Cart intent → Meta" });

describe("destination verification", () => {
  it("counts a run that delivered as a verified connection, saying which sync and when", () => {
    expect(verification(base, run(3))).toEqual({
      state: "connected",
      at: at(3),
      how: "run",
      detail: "Delivered by the sync “Cart intent → Meta”",
      syncId: "s1",
    });
    expect(verification(base, null)).toEqual({ state: "untested" });
  });
  it("takes the latest proof: a newer failed test says Failing, a newer run clears it", () => {
    const failed = { ...base, lastTestedAt: at(5), lastTestOk: false, lastTestDetail: "The endpoint answered HTTP 401" };
    expect(verification(failed, run(3))).toMatchObject({ state: "failing", how: "test", detail: "The endpoint answered HTTP 401" });
    expect(verification(failed, run(6))).toMatchObject({ state: "connected", how: "run", at: at(6) });
    expect(verification({ ...base, lastTestedAt: at(7), lastTestOk: true }, run(6))).toMatchObject({
      state: "connected",
      how: "test",
      at: at(7),
    });
  });
  it("ignores runs from before the destination was last changed", () => {
    expect(verification({ ...base, updatedAt: at(4) }, run(3))).toEqual({ state: "untested" });
  });
});
