import { beforeEach, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import type { IngestMessage } from "@/lib/ingest/message";
import { deletePerson } from "@/lib/ingest/write/delete-person";
import { lockOutEventInserts, withEventFence } from "@/lib/ingest/write/event-fence";
import { eventsParams, INSERT_EVENTS_SQL } from "@/lib/ingest/write/event-sql";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import { lockOutRefreshes } from "@/lib/segments/refresh/deletion-fence";

// events.profile_id has no foreign key (migration 20261201222500_events_deletion_fence): the
// event-insert fence and the delete trigger on profiles must give the same guarantee, that no
// event outlives its person, whichever of an ingest batch and a deletion goes first. Each test
// holds one side open at the point where the other would slip through without the fence.

const opts = { sourceId: null, receivedAt: new Date("2026-06-10T12:05:00.000Z"), country: "US" };
let seq = 0;
const track = (externalId: string): IngestMessage => ({
  externalId,
  anonymousId: null,
  event: { type: "track", name: "Viewed", properties: {}, messageId: `ef-${++seq}`, occurredAt: new Date("2026-06-10T12:00:00Z") },
});

const orphans = async () =>
  (
    await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events e WHERE e.profile_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM profiles p WHERE p.id = e.profile_id)`,
    )
  ).rows[0]!.n;

/** Until the other side waits on the fence, or (without a fence) has already finished. */
async function waitingOnFenceOrDone(other: Promise<unknown>) {
  let done = false;
  void other.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 400 && !done; i++) {
    const { rowCount } = await pool().query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
    if (rowCount) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeEach(async () => {
  await pool().query("TRUNCATE profiles, events CASCADE");
});

describe("events without a foreign key to profiles", () => {
  it("a batch written while its person is being deleted never leaves an event behind: it writes for the person anew", async () => {
    await writeMessages([track("ef1")], opts);
    const before = (await pool().query(`SELECT id::text FROM profiles WHERE external_id = 'ef1'`)).rows[0].id as string;

    // The deletion runs up to its commit: without the fence the batch's lookup would still see
    // the person, and its event would name a person about to be gone.
    const deleting = await pool().connect();
    try {
      await deleting.query("BEGIN");
      await lockOutRefreshes(deleting);
      await lockOutEventInserts(deleting);
      await deleting.query(`DELETE FROM profiles WHERE external_id = 'ef1'`);
      const writing = writeMessages([track("ef1")], opts);
      await waitingOnFenceOrDone(writing);
      await deleting.query("COMMIT");
      expect((await writing).stored).toBe(1);
    } finally {
      deleting.release();
    }

    expect(await orphans()).toBe(0);
    const { rows } = await pool().query(
      `SELECT p.id::text, count(e.id)::int AS events FROM profiles p JOIN events e ON e.profile_id = p.id GROUP BY 1`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].id).not.toBe(before); // the deleted person's first event went with them
    expect(rows[0].events).toBe(1);
  });

  it("a deletion that starts while a batch is being written waits, then deletes its events with the person", async () => {
    await writeMessages([track("ef2"), track("ef3")], opts);
    const id = (await pool().query(`SELECT id::text FROM profiles WHERE external_id = 'ef2'`)).rows[0].id as string;

    const batch = await pool().connect();
    let deletion: Promise<boolean> | undefined;
    try {
      // A batch inside its fence, past its lookup (it resolved ef2 to `id`), inserting its events.
      await withEventFence(
        batch,
        async () => {
          const late = {
            profile_id: id,
            anonymous_id: null,
            type: "track",
            name: "Viewed",
            properties: {},
            message_id: "ef-late",
            occurred_at: "2026-06-10T12:01:00Z",
          };
          await batch.query(INSERT_EVENTS_SQL, eventsParams([late], null, opts.receivedAt));
          deletion = deletePerson("ef2");
          await waitingOnFenceOrDone(deletion);
          // Still waiting: the person and the batch's event are both there.
          expect((await pool().query(`SELECT count(*)::int AS n FROM events WHERE profile_id = $1`, [id])).rows[0].n).toBe(2);
        },
        (e) => {
          throw e;
        },
      );
      expect(await deletion).toBe(true);
    } finally {
      batch.release();
    }

    expect(await orphans()).toBe(0);
    const left = (await pool().query(`SELECT p.external_id FROM events e JOIN profiles p ON p.id = e.profile_id`)).rows;
    expect(left.map((r) => r.external_id)).toEqual(["ef3"]);
  });

  it("a batch leaves no lock behind, even when its writes fail", async () => {
    const client = await pool().connect();
    try {
      await expect(
        withEventFence(
          client,
          () => client.query("SELECT 1/0"),
          (e) => {
            throw e;
          },
        ),
      ).rejects.toThrow(/division by zero/);
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`);
      expect(rows[0].n).toBe(0);
    } finally {
      client.release();
    }
    // A deletion is not held up by it.
    await writeMessages([track("ef6")], opts);
    expect(await deletePerson("ef6")).toBe(true);
  });

  it("deleting people deletes their events and nobody else's; emptying profiles empties events", async () => {
    await writeMessages([track("ef4"), track("ef5"), { externalId: null, anonymousId: "anon-ef", event: track("x").event }], opts);
    await pool().query(`DELETE FROM profiles WHERE external_id = 'ef4'`);
    const { rows } = await pool().query(
      `SELECT p.external_id, e.anonymous_id FROM events e LEFT JOIN profiles p ON p.id = e.profile_id ORDER BY 1`,
    );
    expect(rows).toEqual([
      { external_id: "ef5", anonymous_id: null },
      { external_id: null, anonymous_id: "anon-ef" },
    ]);
    await pool().query("TRUNCATE profiles CASCADE");
    expect((await pool().query(`SELECT count(*)::int AS n FROM events`)).rows[0].n).toBe(0);
  });
});
