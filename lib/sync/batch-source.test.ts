import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { BatchRows, suppressedNow, type PlanRow } from "@/lib/sync/batch-source";
import { makeSegment, seedPeople } from "@/lib/sync/testing/fixtures";

// The send-time suppression re-check reads one id range per batch: the range must cover every
// row of the batch, whatever order the rows come in and however many digits their ids have.

beforeAll(async () => {
  await seedPeople(120);
  await makeSegment("bought", "Purchased", [5, 9, 10, 99, 100, 101, 120]);
});

const row = (id: number): PlanRow => ({ profile_id: String(id), k: "email", e: `e${id}`, p: null, x: null, email: null, phone: null });

describe("suppressedNow", () => {
  it("finds the suppressed among rows whose ids differ in length, in any order", async () => {
    const rows = [100, 9, 11, 99, 10].map(row);
    expect([...(await suppressedNow(pool(), rows, ["bought"]))].sort()).toEqual(["10", "100", "9", "99"]);
    // 101 and 120 lie outside the batch's range; 5 below it.
    expect([...(await suppressedNow(pool(), [row(6), row(100)], ["bought"]))].sort()).toEqual(["10", "100", "9", "99"]);
    expect(await suppressedNow(pool(), [row(11)], ["bought"])).toEqual(new Set());
  });
});

describe("BatchRows", () => {
  it("answers by key like a Map of the rows it holds", () => {
    const rows = new BatchRows([row(3), row(12)]);
    expect([rows.size, rows.get("12")?.e, rows.get("4"), [...rows.values()].map((r) => r.profile_id)]).toEqual([
      2,
      "e12",
      undefined,
      ["3", "12"],
    ]);
  });
});
