import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { SYNC_ASSIGNED_SQL } from "@/lib/measurement/lift-sql";
import { mulberry32 } from "@/lib/segments/test-support/random-world";
import type { PlanRow } from "@/lib/sync/batch-source";
import { commitBatches, type BatchRecord } from "@/lib/sync/commit-batch";
import { createRunningRun } from "@/lib/sync/run-records";
import { entriesAndHistory, makeDestination, makeSegment, makeSync, seedPeople } from "@/lib/sync/testing/fixtures";

// A person's first entry into a sync's audience (the lift report's treated group and its start)
// is kept on their delivered row, and in sync_entries once they left (lib/sync/entries-sql.ts).
// It must equal its definition, the earliest acknowledged add batch of a real run naming them,
// after every kind of commit: a first run's COPY, later adds, re-adds of changed identifiers, removals
// (refused as invalid too), people leaving and coming back, and a second first run after the audience
// emptied. Google requests found failed afterwards are covered in lib/sync/recheck-requests.test.ts.

const PEOPLE = 12;
const row = (id: number, salt: number): PlanRow => ({
  profile_id: String(id),
  k: "email",
  e: `e${id}-${salt}`,
  p: null,
  x: null,
  email: null,
  phone: null,
});

beforeAll(async () => {
  await seedPeople(PEOPLE);
  await makeSegment("seg_entries", "Entries", `p.id <= ${PEOPLE}`);
});

async function newSync(name: string) {
  const dest = await makeDestination("webhook", { url: "http://127.0.0.1:9/hook" }, { signingSecret: "x".repeat(24) }, `entries ${name}`);
  return (await makeSync({ segmentId: "seg_entries", destinationId: dest.id, name })).id;
}

const delivered = async (syncId: string) =>
  (await pool().query<{ id: number }>("SELECT profile_id::int AS id FROM audience_members WHERE sync_id = $1", [syncId])).rows.map(
    (r) => r.id,
  );

function record(runId: string, syncId: string, seq: number, op: "add" | "remove", ids: number[], fresh: boolean, salt = 0): BatchRecord {
  const invalid = op === "remove" && ids.length > 1 ? [ids[0]!] : [];
  return {
    runId,
    syncId,
    op,
    seq,
    status: invalid.length ? "partial" : "succeeded",
    attempts: 1,
    startedAt: new Date(),
    fresh,
    rows: new Map(ids.map((i) => [String(i), row(i, salt)])),
    ok: ids.filter((i) => !invalid.includes(i)).map(String),
    // The destination cannot hold what it calls invalid, so an invalid removal leaves too (commit-batch.ts).
    rejected: invalid.map((i) => ({ key: String(i), status: "invalid" as const, code: "invalid", message: "unknown" })),
    throttled: 0,
    retries: 0,
    suppressedAtSend: 0,
  };
}

describe("first entries", () => {
  it("equal the earliest real add batch naming each person, over random histories of commits", async () => {
    let compared = 0;
    let returned = 0;
    for (let world = 0; world < 6; world++) {
      const r = mulberry32(4242 + world);
      const syncId = await newSync(`random ${world}`);
      let seq = 0;
      for (let run = 0; run < 8; run++) {
        const runId = await createRunningRun(syncId, "manual");
        const now = new Set(await delivered(syncId));
        // A run against an empty audience streams its adds and commits them by COPY (fresh).
        const fresh = now.size === 0;
        const pick = (pool: number[], p: number) => pool.filter(() => r() < p);
        const everyone = Array.from({ length: PEOPLE }, (_, i) => i + 1);
        const removes = fresh ? [] : pick([...now], 0.4);
        // Adds: newcomers and people coming back, plus (not fresh) some current members re-sent with changed identifiers.
        const adds = fresh
          ? pick(everyone, 0.6)
          : [
              ...pick(
                everyone.filter((i) => !now.has(i)),
                0.5,
              ),
              ...pick([...now], 0.15),
            ];
        // Someone both removed and added changed identifiers (a mirror sync removes the old ones first).
        const kept = adds;
        if (removes.length) await commitBatches([record(runId, syncId, ++seq, "remove", removes, false)]);
        // Two add batches in one group commit, as the executor does.
        const half = Math.ceil(kept.length / 2);
        const groups = [kept.slice(0, half), kept.slice(half)].filter((g) => g.length);
        if (groups.length) await commitBatches(groups.map((g) => record(runId, syncId, ++seq, "add", g, fresh, run)));
        await pool().query("UPDATE sync_runs SET status = 'succeeded', finished_at = now() WHERE id = $1", [runId]);
        const { entries, history, both } = await entriesAndHistory(syncId);
        expect(entries).toEqual(history);
        expect(both).toBe(0);
        compared += entries.length;
        returned += (await pool().query("SELECT count(*)::int AS n FROM sync_entries WHERE sync_id = $1", [syncId])).rows[0].n;
      }
    }
    // The worlds had entries to compare, and people who left (entries kept in sync_entries).
    expect(compared).toBeGreaterThan(200);
    expect(returned).toBeGreaterThan(20);
  });

  it("survive the audience emptying and a second first run, and feed the lift report's groups", async () => {
    const syncId = await newSync("second first run");
    const first = await createRunningRun(syncId, "manual");
    await commitBatches([record(first, syncId, 1, "add", [1, 2, 3, 4], true)]);
    const before = await entriesAndHistory(syncId);
    await commitBatches([record(first, syncId, 2, "remove", [2, 3, 4], false), record(first, syncId, 3, "remove", [1], false)]);
    expect(await delivered(syncId)).toEqual([]);
    // Everyone left: their entries moved to sync_entries, unchanged.
    expect((await entriesAndHistory(syncId)).entries).toEqual(before.entries);

    // The audience is empty, so the next run streams again (COPY): 2 and 3 come back with their first entry.
    const second = await createRunningRun(syncId, "manual");
    await new Promise((r) => setTimeout(r, 5));
    await commitBatches([record(second, syncId, 1, "add", [2, 3, 5], true)]);
    const after = await entriesAndHistory(syncId);
    expect(after.entries).toEqual(after.history);
    expect(after.both).toBe(0);
    expect(after.entries.filter((e) => /^[23]@/.test(e))).toEqual(before.entries.filter((e) => /^[23]@/.test(e)));

    // The lift report's groups read the same people: everyone ever delivered is treated.
    const assigned = await pool().query(`SELECT profile_id::int, grp FROM (${SYNC_ASSIGNED_SQL}) a ORDER BY 1`, [syncId]);
    expect(assigned.rows.map((r) => `${r.profile_id}:${r.grp}`)).toEqual(["1:treated", "2:treated", "3:treated", "4:treated", "5:treated"]);
  });

  it("are deleted with their sync", async () => {
    const syncId = await newSync("deleted");
    const runId = await createRunningRun(syncId, "manual");
    await commitBatches([record(runId, syncId, 1, "add", [7, 8, 9], true)]);
    await commitBatches([record(runId, syncId, 2, "remove", [7, 8], false)]);
    const count = async () =>
      (await pool().query("SELECT count(*)::int AS n FROM sync_entries WHERE sync_id = $1", [syncId])).rows[0].n as number;
    // 7 and 8 left (7 refused as invalid: it leaves too).
    expect(await count()).toBe(2);
    await pool().query("DELETE FROM audience_members WHERE sync_id = $1", [syncId]);
    await db().sync.delete({ where: { id: syncId } });
    expect(await count()).toBe(0);
  });
});
