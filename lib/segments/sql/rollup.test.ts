import { beforeEach, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { catchUpEventRollup } from "@/lib/segments/sql/rollup-catch-up";

// profile_event_last must always equal "latest event per person and name" computed from
// events, as a reader sees it (after catching up), whatever wrote the events: plain inserts,
// identity merges (updates), deletes, bulk loads that skip triggers, truncation.

async function rollup() {
  await catchUpEventRollup();
  const { rows } = await pool().query(`SELECT profile_id::int, name, last_at FROM profile_event_last ORDER BY 1, 2`);
  return rows;
}
async function truth() {
  const { rows } = await pool().query(
    `SELECT profile_id::int, name, max(occurred_at) AS last_at FROM events WHERE profile_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return rows;
}

async function insertEvents(rows: [number | null, string, string, string?][]) {
  await pool().query(
    `INSERT INTO events (profile_id, name, occurred_at, anonymous_id) SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamp[], $4::text[])`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3] ?? null)],
  );
}

beforeEach(async () => {
  await pool().query("TRUNCATE profiles, events CASCADE");
  await pool().query(`INSERT INTO profiles (id) SELECT generate_series(1, 3)`);
});

describe("the events rollup", () => {
  it("follows inserts, keeping the latest time per person and event", async () => {
    await insertEvents([
      [1, "view", "2026-01-01 10:00"],
      [1, "view", "2026-01-03 10:00"],
      [2, "order", "2026-01-02 00:00"],
      [null, "view", "2026-01-09 00:00"],
    ]);
    await insertEvents([[1, "view", "2026-01-02 10:00"]]);
    expect(await rollup()).toEqual(await truth());
    expect((await rollup()).map((r) => `${r.profile_id}:${r.name}`)).toEqual(["1:view", "2:order"]);
  });

  it("follows updates (an anonymous event attached to a person) and deletes", async () => {
    await insertEvents([
      [null, "view", "2026-01-05 00:00", "anon1"],
      [1, "view", "2026-01-01 00:00"],
      [1, "view", "2026-01-04 00:00"],
    ]);
    await pool().query(`UPDATE events SET profile_id = 2 WHERE anonymous_id = 'anon1'`);
    expect(await rollup()).toEqual(await truth());
    // Moving the latest view away from person 1 lowers their maximum.
    await pool().query(`UPDATE events SET profile_id = 3 WHERE profile_id = 1 AND occurred_at = '2026-01-04'`);
    expect(await rollup()).toEqual(await truth());
    await pool().query(`DELETE FROM events WHERE profile_id = 3`);
    expect(await rollup()).toEqual(await truth());
    await pool().query(`DELETE FROM profiles WHERE id = 2`);
    expect(await rollup()).toEqual(await truth());
  });

  it("catches up with bulk loads that skipped the triggers", async () => {
    const client = await pool().connect();
    try {
      await client.query("SET session_replication_role = replica");
      await client.query(`INSERT INTO events (profile_id, name, occurred_at) VALUES (1, 'order', '2026-02-01'), (3, 'view', '2026-02-02')`);
    } finally {
      await client.query("RESET session_replication_role");
      client.release();
    }
    const caught = await catchUpEventRollup();
    expect(caught).not.toBeNull();
    expect(await rollup()).toEqual(await truth());
    expect(await rollup()).toHaveLength(2);
    // Nothing pending: a cheap no-op.
    expect(await catchUpEventRollup()).toBeNull();
  });

  it("empties with the events table", async () => {
    await insertEvents([[1, "view", "2026-01-01 10:00"]]);
    expect(await rollup()).toHaveLength(1);
    await pool().query("TRUNCATE events");
    expect(await rollup()).toEqual([]);
  });
});
