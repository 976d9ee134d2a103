import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { SYNC_ASSIGNED_SQL } from "@/lib/measurement/lift-sql";
import { makeDestination, makeSegment, makeSync } from "@/lib/sync/testing/fixtures";

// sync_entries (when each person first entered a sync's audience) replaces min() over the batch
// history for the lift report, so it must agree with that history after every kind of write:
// a later batch, an earlier one arriving late, a dry run, a batch emptied afterwards (a Google
// request that failed, lib/sync/recheck-requests.ts) and a batch deleted.

let syncId = "";
const HISTORY_SQL = `
  SELECT x.profile_id::int AS profile_id, min(coalesce(b.finished_at, b.started_at)) AS entered_at
    FROM sync_runs r JOIN sync_run_batches b ON b.run_id = r.id CROSS JOIN LATERAL unnest(b.profile_ids) x(profile_id)
   WHERE r.sync_id = $1 AND NOT r.dry_run AND b.op = 'add' GROUP BY 1 ORDER BY 1`;
let firstRunSyncId = "";
const entries = async (sync = syncId) =>
  (await pool().query(`SELECT profile_id::int, entered_at FROM sync_entries WHERE sync_id = $1 ORDER BY 1`, [sync])).rows;
const history = async (sync = syncId) => (await pool().query(HISTORY_SQL, [sync])).rows;
/** `ranged`: a first run's add batch, which carries its id range (commit-batch.ts). */
const batch = (id: string, run: string, op: string, at: string, ids: number[], ranged = false) =>
  pool().query(
    `INSERT INTO sync_run_batches (id, run_id, seq, op, size, status, started_at, finished_at, profile_ids, reasons, member_range)
     VALUES ($1, $2, (SELECT count(*) FROM sync_run_batches WHERE run_id = $2), $3, $4, 'succeeded', $5, $5, $6::bigint[], $7::text[],
       CASE WHEN $8::boolean THEN (SELECT int8range(min(x), max(x), '[]') FROM unnest($6::bigint[]) x) END)`,
    [id, run, op, ids.length, at, ids, ids.map(() => "entered"), ranged],
  );

beforeAll(async () => {
  const dest = await makeDestination("webhook", { url: "http://127.0.0.1:9" }, { signingSecret: "x".repeat(24) });
  await makeSegment("seg_entries", "Entries", []);
  syncId = (await makeSync({ segmentId: "seg_entries", destinationId: dest.id, name: "entries" })).id;
  firstRunSyncId = (await makeSync({ segmentId: "seg_entries", destinationId: dest.id, name: "entries, first runs" })).id;
  await pool().query(`INSERT INTO profiles (id, email) SELECT i, 'e' || i || '@example.com' FROM generate_series(1, 6) i`);
  await pool().query(
    `INSERT INTO sync_runs (id, sync_id, trigger, status, dry_run) VALUES ('e1', $1, 'manual', 'succeeded', false),
       ('e2', $1, 'manual', 'succeeded', false), ('edry', $1, 'manual', 'succeeded', true),
       ('f1', $2, 'manual', 'succeeded', false), ('f2', $2, 'manual', 'succeeded', false)`,
    [syncId, firstRunSyncId],
  );
});

describe("sync entries", () => {
  it("equal the earliest real add batch naming each person, through adds, late batches, dry runs, emptied and deleted batches", async () => {
    await batch("b1", "e1", "add", "2026-11-10 10:00:00", [1, 2, 3]);
    await batch("b2", "e2", "add", "2026-11-12 10:00:00", [3, 4]);
    await batch("bdry", "edry", "add", "2026-11-01 10:00:00", [5]);
    await batch("brm", "e2", "remove", "2026-11-13 10:00:00", [1]);
    expect(await entries()).toEqual(await history());
    expect((await entries()).map((e) => e.profile_id)).toEqual([1, 2, 3, 4]);

    // A batch committed later but timed earlier moves the entry back.
    await batch("b0", "e2", "add", "2026-11-05 10:00:00", [2, 6]);
    expect(await entries()).toEqual(await history());

    // The destination later refused b1: its people enter at their next batch, or not at all.
    await pool().query(`UPDATE sync_run_batches SET profile_ids = '{}', reasons = '{}' WHERE id = 'b1'`);
    expect(await entries()).toEqual(await history());
    expect((await entries()).map((e) => e.profile_id)).toEqual([2, 3, 4, 6]);

    await pool().query(`DELETE FROM sync_run_batches WHERE id = 'b0'`);
    expect(await entries()).toEqual(await history());

    // The lift report's groups read the same people.
    const assigned = await pool().query(`SELECT profile_id::int FROM (${SYNC_ASSIGNED_SQL}) a ORDER BY 1`, [syncId]);
    expect(assigned.rows.map((r) => r.profile_id)).toEqual([3, 4]);
  });

  // A first run's batches insert their entries without the per-person conflict check, falling back
  // to the upsert when someone already entered (migration 20261201221000). A later first run (the
  // audience was emptied, so the plan streams again) over people who entered before must keep their
  // first entry, not fail or move it.
  it("equal the history for first runs' ranged batches, including a second first run over people who entered before", async () => {
    await batch("f1a", "f1", "add", "2026-11-10 10:00:00", [1, 2], true);
    await batch("f1b", "f1", "add", "2026-11-10 10:01:00", [3, 4], true);
    expect(await entries(firstRunSyncId)).toEqual(await history(firstRunSyncId));
    await batch("f1rm", "f1", "remove", "2026-11-11 10:00:00", [1, 2, 3, 4]);

    await batch("f2a", "f2", "add", "2026-11-12 10:00:00", [2, 3, 5], true);
    await batch("f2b", "f2", "add", "2026-11-12 10:01:00", [6], true);
    expect(await entries(firstRunSyncId)).toEqual(await history(firstRunSyncId));
    const at = Object.fromEntries((await entries(firstRunSyncId)).map((e) => [e.profile_id, e.entered_at.toISOString()]));
    expect(at).toEqual({
      1: "2026-11-10T10:00:00.000Z",
      2: "2026-11-10T10:00:00.000Z",
      3: "2026-11-10T10:01:00.000Z",
      4: "2026-11-10T10:01:00.000Z",
      5: "2026-11-12T10:00:00.000Z",
      6: "2026-11-12T10:01:00.000Z",
    });
  });
});
