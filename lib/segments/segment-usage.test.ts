import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { createSegment } from "@/lib/segments/create-segment";
import { deleteSegment } from "@/lib/segments/delete-segment";
import { getSegment } from "@/lib/segments/queries";
import { createSuppressionRule } from "@/lib/suppression/save-suppression-rule";

const actor = systemActor("test");
const last7 = { type: "last", amount: 7, unit: "days" };

describe("what uses a segment", () => {
  it("is on the segment before any delete, and the delete refuses with the same list", async () => {
    const buyers = (
      await createSegment(actor, {
        name: "Buyers 7d",
        definition: { conditions: [{ type: "event", event: "order_completed", window: last7 }] },
      })
    ).segment;
    const lapsed = (
      await createSegment(actor, {
        name: "Browsers, not buyers",
        definition: {
          conditions: [
            { type: "event", event: "product_viewed", window: last7 },
            { type: "segment", segmentId: buyers.id, membership: "not_in" },
          ],
        },
      })
    ).segment;
    await createSuppressionRule(actor, { name: "Recent buyers", segmentId: buyers.id });

    const page = await getSegment(buyers.id);
    expect(page.usedBy.map((u) => [u.kind, u.name, u.href])).toEqual([
      ["suppression rule", "Recent buyers", "/suppression"],
      ["segment", "Browsers, not buyers", `/segments/${lapsed.id}`],
    ]);
    await expect(deleteSegment(actor, buyers.id)).rejects.toThrow(
      "“Buyers 7d” is still used by suppression rule “Recent buyers” and segment “Browsers, not buyers”. Remove it there first.",
    );

    expect((await getSegment(lapsed.id)).usedBy).toEqual([]);
    await deleteSegment(actor, lapsed.id);
    expect(await db().segment.count({ where: { id: lapsed.id } })).toBe(0);
  });
});
