import { describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { ensureDemoSyncs } from "@/lib/sync/demo-syncs";
import { closeWarehousePools } from "@/lib/connectors/warehouse/connector";

describe("ensureDemoSyncs", () => {
  it("sets up a working warehouse destination, the purchase rule and two live syncs, once", async () => {
    const first = await ensureDemoSyncs();
    expect(first?.runs.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
    expect(await db().sync.count({ where: { state: "live" } })).toBe(2);
    expect(await db().suppressionRule.count()).toBe(1);
    expect((await db().destination.findFirstOrThrow()).lastTestOk).toBe(true);
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'demo_warehouse'");
    expect(rows[0].n).toBe(3);
    expect(await ensureDemoSyncs()).toBeNull();
    await closeWarehousePools();
  });
});
