import { beforeEach, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import type { IngestMessage } from "@/lib/ingest/message";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { catchUpEventRollup, foldEventRollup } from "@/lib/segments/sql/rollup-catch-up";

// Nothing maintains the events rollup on the ingest path: it is folded in from the events by
// their storing transaction. Whatever happens to the events before the fold, and whichever
// transactions are still open while it runs, what a reader sees after catching up must equal
// "latest event per person and name" computed from the events it can see.

const opts = { sourceId: null, receivedAt: new Date("2026-06-10T12:05:00.000Z"), country: "US" };
let seq = 0;
const track = (externalId: string, name: string, at: string): IngestMessage => ({
  externalId,
  anonymousId: null,
  event: { type: "track", name, properties: {}, messageId: `rf-${++seq}`, occurredAt: new Date(at) },
});

const rollup = async () => (await pool().query(`SELECT profile_id::text, name, last_at FROM profile_event_last ORDER BY 1, 2`)).rows;
const truth = async () =>
  (
    await pool().query(
      `SELECT profile_id::text, name, max(occurred_at) AS last_at FROM events WHERE profile_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
    )
  ).rows;

beforeEach(async () => {
  await pool().query("TRUNCATE profiles, events CASCADE");
  await catchUpEventRollup();
});

describe("the events rollup on the ingest path", () => {
  it("is not written by ingest, and is exact once a reader catches up", async () => {
    await writeMessages(
      [
        track("rf1", "Viewed", "2026-06-10T10:00:00Z"),
        track("rf1", "Viewed", "2026-06-10T11:00:00Z"),
        track("rf2", "Ordered", "2026-06-10T09:00:00Z"),
      ],
      opts,
    );
    await writeMessages([track("rf1", "Viewed", "2026-06-10T10:30:00Z"), track("rf2", "Ordered", "2026-06-10T11:30:00Z")], opts);
    expect(await rollup()).toEqual([]);
    const caught = await catchUpEventRollup();
    expect(caught?.folded).toBe(2); // one row per (person, name)
    expect(await rollup()).toEqual(await truth());
    expect((await rollup()).map((r) => `${r.name} ${r.last_at.toISOString()}`)).toEqual([
      "Viewed 2026-06-10T11:00:00.000Z",
      "Ordered 2026-06-10T11:30:00.000Z",
    ]);
    // Nothing arrived since: one index probe, no fold.
    expect(await catchUpEventRollup()).toBeNull();
  });

  it("is folded by the worker's loop, which then has nothing left to do", async () => {
    await writeMessages([track("rf6", "Viewed", "2026-06-10T10:00:00Z"), track("rf6", "Added", "2026-06-10T10:01:00Z")], opts);
    expect(await foldEventRollup()).toBe(2);
    expect(await rollup()).toEqual(await truth());
    expect(await foldEventRollup()).toBe(0);
  });

  it("never skips events of a transaction that commits after a fold passed it", async () => {
    // A writer whose transaction began first but commits last: a cursor on event ids (or on
    // commit order) would move past its events while they were invisible.
    const slow = await pool().connect();
    try {
      await slow.query("BEGIN");
      await slow.query(`INSERT INTO profiles (external_id) VALUES ('rf-slow')`);
      await slow.query(
        `INSERT INTO events (profile_id, name, occurred_at) SELECT id, 'Viewed', '2026-06-10 11:59' FROM profiles WHERE external_id = 'rf-slow'`,
      );
      await writeMessages([track("rf7", "Viewed", "2026-06-10T10:00:00Z")], opts);
      await catchUpEventRollup();
      expect((await rollup()).map((r) => r.name)).toEqual(["Viewed"]); // rf7's only
      await slow.query("COMMIT");
    } finally {
      slow.release();
    }
    const caught = await catchUpEventRollup();
    expect(caught).not.toBeNull();
    expect(await rollup()).toEqual(await truth());
    expect(await rollup()).toHaveLength(2);
  });

  it("forgets a maximum whose event was deleted before the fold", async () => {
    await writeMessages([track("rf3", "Viewed", "2026-06-10T08:00:00Z")], opts);
    await catchUpEventRollup();
    await writeMessages([track("rf3", "Viewed", "2026-06-10T11:00:00Z")], opts);
    await pool().query(`DELETE FROM events WHERE occurred_at = '2026-06-10 11:00'`);
    await catchUpEventRollup();
    expect(await rollup()).toEqual(await truth());
    expect((await rollup())[0].last_at.toISOString()).toBe("2026-06-10T08:00:00.000Z");
  });

  it("leaves nothing behind for a person deleted before the fold", async () => {
    await writeMessages([track("rf4", "Viewed", "2026-06-10T08:00:00Z"), track("rf5", "Viewed", "2026-06-10T09:00:00Z")], opts);
    await pool().query(`DELETE FROM profiles WHERE external_id = 'rf4'`);
    await catchUpEventRollup();
    expect(await rollup()).toEqual(await truth());
    expect(await rollup()).toHaveLength(1);
  });
});
