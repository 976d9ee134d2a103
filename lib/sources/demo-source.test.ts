import { describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { DEMO_SOURCE_NAME, ensureDemoSource } from "@/lib/sources/demo-source";

describe("the demo source", () => {
  it("shows the seeded store's data as its last data, not “never”", async () => {
    await pool().query(
      `INSERT INTO events (name, occurred_at, received_at) VALUES
         ('order_completed', '2026-05-01T10:00:00Z', '2026-05-01T10:00:05Z'),
         ('added_to_cart',   '2026-05-02T09:00:00Z', '2026-05-02T09:30:00Z')`,
    );
    await ensureDemoSource();
    const source = await db().source.findFirstOrThrow({ where: { name: DEMO_SOURCE_NAME } });
    expect(source.lastReceivedAt?.toISOString()).toBe("2026-05-02T09:30:00.000Z");
    // Real traffic takes over from then on: a later start does not rewind it.
    await db().source.update({ where: { id: source.id }, data: { lastReceivedAt: new Date("2026-05-03T00:00:00Z") } });
    await ensureDemoSource();
    expect((await db().source.findFirstOrThrow({ where: { id: source.id } })).lastReceivedAt?.toISOString()).toBe(
      "2026-05-03T00:00:00.000Z",
    );
    expect(await db().source.count()).toBe(1);
  });
});
