import { beforeEach, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import type { IngestMessage } from "@/lib/ingest/message";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { catchUpEventRollup, foldPendingRollup } from "@/lib/segments/sql/rollup-catch-up";

// The ingest writer appends rollup maxima instead of upserting profile_event_last (no writer
// waits on another's row lock); whatever happens to the events before the fold, what a reader
// sees after catching up must equal "latest event per person and name" computed from events.

const opts = { sourceId: null, receivedAt: new Date("2026-06-10T12:05:00.000Z"), country: "US" };
let seq = 0;
const track = (externalId: string, name: string, at: string): IngestMessage => ({
  externalId,
  anonymousId: null,
  event: { type: "track", name, properties: {}, messageId: `rp-${++seq}`, occurredAt: new Date(at) },
});

const rollup = async () => (await pool().query(`SELECT profile_id::text, name, last_at FROM profile_event_last ORDER BY 1, 2`)).rows;
const truth = async () =>
  (
    await pool().query(
      `SELECT profile_id::text, name, max(occurred_at) AS last_at FROM events WHERE profile_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
    )
  ).rows;
const pending = async () => (await pool().query(`SELECT count(*)::int AS n FROM profile_event_last_pending`)).rows[0].n as number;

beforeEach(async () => {
  await pool().query("TRUNCATE profiles, events CASCADE");
});

describe("the events rollup on the ingest path", () => {
  it("is appended by ingest and folded in, exactly, before it is read", async () => {
    await writeMessages(
      [
        track("rp1", "Viewed", "2026-06-10T10:00:00Z"),
        track("rp1", "Viewed", "2026-06-10T11:00:00Z"),
        track("rp2", "Ordered", "2026-06-10T09:00:00Z"),
      ],
      opts,
    );
    await writeMessages([track("rp1", "Viewed", "2026-06-10T10:30:00Z"), track("rp2", "Ordered", "2026-06-10T11:30:00Z")], opts);
    expect(await pending()).toBeGreaterThan(0);
    const caught = await catchUpEventRollup();
    expect(caught?.folded).toBe(4); // one maximum per (person, name) per batch
    expect(await pending()).toBe(0);
    expect(await rollup()).toEqual(await truth());
    expect((await rollup()).map((r) => `${r.name} ${r.last_at.toISOString()}`)).toEqual([
      "Viewed 2026-06-10T11:00:00.000Z",
      "Ordered 2026-06-10T11:30:00.000Z",
    ]);
    expect(await catchUpEventRollup()).toBeNull();
  });

  it("is folded by the worker's loop without re-reading events", async () => {
    await writeMessages([track("rp6", "Viewed", "2026-06-10T10:00:00Z"), track("rp6", "Added", "2026-06-10T10:01:00Z")], opts);
    expect(await foldPendingRollup()).toBe(2);
    expect(await pending()).toBe(0);
    expect(await rollup()).toEqual(await truth());
    expect(await foldPendingRollup()).toBe(0);
  });

  it("forgets a pending maximum whose event was deleted before the fold", async () => {
    await writeMessages([track("rp3", "Viewed", "2026-06-10T08:00:00Z")], opts);
    await catchUpEventRollup();
    await writeMessages([track("rp3", "Viewed", "2026-06-10T11:00:00Z")], opts);
    await pool().query(`DELETE FROM events WHERE occurred_at = '2026-06-10 11:00'`);
    await catchUpEventRollup();
    expect(await rollup()).toEqual(await truth());
    expect((await rollup())[0].last_at.toISOString()).toBe("2026-06-10T08:00:00.000Z");
  });

  it("leaves nothing behind for a person deleted before the fold", async () => {
    await writeMessages([track("rp4", "Viewed", "2026-06-10T08:00:00Z"), track("rp5", "Viewed", "2026-06-10T09:00:00Z")], opts);
    await pool().query(`DELETE FROM profiles WHERE external_id = 'rp4'`);
    await catchUpEventRollup();
    expect(await pending()).toBe(0);
    expect(await rollup()).toEqual(await truth());
    expect(await rollup()).toHaveLength(1);
  });
});
