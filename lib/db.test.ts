import { beforeAll, describe, expect, it } from "vitest";
import { inTransaction, pool, rollback, transactionOn } from "@/lib/db";

// The one transaction helper every hand-written BEGIN … COMMIT was replaced with: what the work
// wrote is kept only when it returns normally; an error or rollback(value) leaves nothing behind.

const rows = async () => (await pool().query<{ v: string }>("SELECT v FROM tx_probe ORDER BY v")).rows.map((r) => r.v);

describe("inTransaction / transactionOn", () => {
  beforeAll(async () => {
    await pool().query("CREATE TABLE tx_probe (v text PRIMARY KEY)");
  });

  it("commits what the work wrote and returns its value", async () => {
    const got = await inTransaction(async (c) => {
      await c.query("INSERT INTO tx_probe VALUES ('kept')");
      return 7;
    });
    expect(got).toBe(7);
    expect(await rows()).toEqual(["kept"]);
  });

  it("rolls back and rethrows the work's own error", async () => {
    const boom = new Error("boom");
    await expect(
      inTransaction(async (c) => {
        await c.query("INSERT INTO tx_probe VALUES ('lost')");
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await rows()).toEqual(["kept"]);
  });

  it("rollback(value): nothing is kept, the value is returned, and the client is out of the transaction", async () => {
    const client = await pool().connect();
    try {
      const got = await transactionOn(client, async () => {
        await client.query("INSERT INTO tx_probe VALUES ('dry run')");
        return rollback({ wouldWrite: 1 });
      });
      expect(got).toEqual({ wouldWrite: 1 });
      expect(await rows()).toEqual(["kept"]);
      // Back in autocommit: another connection sees this insert at once.
      await client.query("INSERT INTO tx_probe VALUES ('after')");
    } finally {
      client.release();
    }
    expect(await rows()).toEqual(["after", "kept"]);
  });
});
