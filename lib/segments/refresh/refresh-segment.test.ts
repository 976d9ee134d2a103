import pg from "pg";
import { beforeEach, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { deletePerson } from "@/lib/ingest/write/delete-person";
import { refreshSegment } from "@/lib/segments/refresh/refresh-segment";
import { utcTimestamp } from "@/lib/segments/sql/params";

// Materialized membership on a real Postgres: entries, exits, the cap (leave after N days
// even while matching, come back only with new activity), transitions and size snapshots.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = Date.UTC(2026, 2, 1, 12);

async function cart(profileId: number, at: number) {
  await pool().query(`INSERT INTO events (profile_id, name, occurred_at) VALUES ($1, 'added_to_cart', $2::timestamp)`, [
    profileId,
    utcTimestamp(at),
  ]);
}
async function members() {
  const { rows } = await pool().query(`SELECT profile_id::int AS id FROM segment_memberships WHERE segment_id = 'seg' ORDER BY 1`);
  return rows.map((r) => r.id);
}
async function transitions() {
  const { rows } = await pool().query(
    `SELECT profile_id::int AS id, kind, reason FROM segment_transitions t WHERE segment_id = 'seg' ORDER BY t.at, t.kind, t.profile_id`,
  );
  return rows.map((r) => `${r.kind} ${r.id} (${r.reason})`);
}
const refresh = (at: number) => refreshSegment("seg", { trigger: "manual", now: at });

beforeEach(async () => {
  await pool().query("TRUNCATE profiles, events, segments, metric_snapshots CASCADE");
  await pool().query(`INSERT INTO profiles (id) SELECT generate_series(1, 4)`);
  const definition = {
    version: 1,
    match: "all",
    conditions: [{ type: "event", event: "added_to_cart", performed: true, window: { type: "last", amount: 3, unit: "days" } }],
    cap: { days: 2 },
  };
  await pool().query(`INSERT INTO segments (id, name, definition, cap_days, updated_at) VALUES ('seg', 'Cart', $1, 2, now())`, [
    definition,
  ]);
});

describe("refreshing a capped segment", () => {
  it("enters, caps, blocks until new activity, and forgets people who stop matching", async () => {
    await cart(1, t0 - HOUR);
    await cart(2, t0 - HOUR);
    expect(await refresh(t0)).toMatchObject({ entered: 2, exited: 0, capped: 0, size: 2 });

    await cart(3, t0 + DAY);
    expect(await refresh(t0 + DAY + HOUR)).toMatchObject({ entered: 1, size: 3 });

    // Two days in: 1 and 2 reach the cap while still matching.
    expect(await refresh(t0 + 2 * DAY)).toMatchObject({ capped: 2, entered: 0, size: 1 });
    expect(await members()).toEqual([3]);

    // Still matching, no new activity: they stay out.
    expect(await refresh(t0 + 2 * DAY + HOUR)).toMatchObject({ entered: 0, blocked: 2, size: 1 });

    // Person 1 adds to cart again: back in.
    await cart(1, t0 + 2 * DAY + 2 * HOUR);
    expect(await refresh(t0 + 2 * DAY + 3 * HOUR)).toMatchObject({ entered: 1, blocked: 1, size: 2 });
    expect(await members()).toEqual([1, 3]);

    // Past the 3-day window: 3 no longer matches; 2's cap record is forgotten.
    expect(await refresh(t0 + 4 * DAY + 2 * HOUR)).toMatchObject({ exited: 1, size: 1 });
    expect(await members()).toEqual([1]);
    const { rows: capExits } = await pool().query(`SELECT profile_id::int AS id FROM segment_cap_exits`);
    expect(capExits).toEqual([]);

    expect(await transitions()).toEqual([
      "enter 1 (matches)",
      "enter 2 (matches)",
      "enter 3 (matches)",
      "exit 1 (cap reached)",
      "exit 2 (cap reached)",
      "enter 1 (new activity after cap)",
      "exit 3 (no longer matches)",
    ]);
  });

  it("records size, timing and a size-history snapshot on every refresh", async () => {
    await cart(1, t0 - HOUR);
    await refresh(t0);
    await refresh(t0 + HOUR);
    const { rows } = await pool().query(`SELECT size, last_refresh_ms, last_refresh_error FROM segments WHERE id = 'seg'`);
    expect(rows[0]).toMatchObject({ size: 1, last_refresh_error: null });
    expect(rows[0].last_refresh_ms).toBeGreaterThanOrEqual(0);
    const { rows: snaps } = await pool().query(
      `SELECT segment_size, figures FROM metric_snapshots WHERE segment_id = 'seg' ORDER BY taken_at`,
    );
    expect(snaps.map((s) => s.segment_size)).toEqual([1, 1]);
    expect(snaps[0].figures).toMatchObject({ entered: 1, trigger: "manual" });
  });

  it("works the same as an ordinary role, with per-row foreign-key checks on", async () => {
    const role = `seg_app_${Date.now()}`;
    await pool().query(`CREATE ROLE ${role} LOGIN PASSWORD 'app'`);
    await pool().query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await pool().query(`GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    const url = new URL(process.env.DATABASE_URL!);
    [url.username, url.password] = [role, "app"];
    const asRole = new pg.Pool({ connectionString: url.toString(), max: 2 });
    try {
      await cart(1, t0 - HOUR);
      await cart(2, t0 - HOUR);
      expect(await refreshSegment("seg", { trigger: "manual", now: t0, db: asRole })).toMatchObject({ entered: 2, size: 2 });
      expect(await refreshSegment("seg", { trigger: "manual", now: t0 + 2 * DAY, db: asRole })).toMatchObject({ capped: 2, size: 0 });
      expect(await transitions()).toEqual(["enter 1 (matches)", "enter 2 (matches)", "exit 1 (cap reached)", "exit 2 (cap reached)"]);
    } finally {
      await asRole.end();
    }
  });

  it("refuses an unknown segment", async () => {
    await expect(refreshSegment("nope", { trigger: "manual" })).rejects.toThrow(/No segment/);
  });
});

describe("test profiles", () => {
  it("are never segment members: a test profile that matches does not enter, and one already in leaves", async () => {
    await pool().query("UPDATE profiles SET is_test = true WHERE id = 4");
    await cart(1, t0 - HOUR);
    await cart(4, t0 - HOUR);
    // As a refresh from before this rule left it: the test profile is a member.
    await pool().query(`INSERT INTO segment_memberships (segment_id, profile_id, entered_at) VALUES ('seg', 4, $1::timestamp)`, [
      utcTimestamp(t0 - HOUR),
    ]);
    expect(await refresh(t0)).toMatchObject({ entered: 1, exited: 1, size: 1 });
    expect(await members()).toEqual([1]);
  });
});

describe("people deleted while a refresh runs", () => {
  // What the per-row foreign-key lock used to guarantee, now held by the deletion fence
  // (deletion-fence.ts): a refresh never leaves a membership behind for a deleted person.
  const waiting = async (sql: string) => {
    for (let i = 0; i < 400; i++) {
      if ((await pool().query(sql)).rowCount) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`nothing waited: ${sql}`);
  };
  const orphans = async () =>
    (
      await pool().query(
        `SELECT profile_id FROM segment_memberships sm WHERE NOT EXISTS (SELECT 1 FROM profiles p WHERE p.id = sm.profile_id)`,
      )
    ).rowCount;

  beforeEach(async () => {
    await pool().query(`UPDATE profiles SET external_id = 'u' || id`);
    await cart(1, t0 - HOUR);
    await cart(2, t0 - HOUR);
  });

  it("a deletion that has not committed when the refresh starts: the person does not enter", async () => {
    const deleting = await pool().connect();
    try {
      await deleting.query("BEGIN");
      await deleting.query(`SELECT pg_advisory_xact_lock(${0x5e6_0003})`); // as deletePerson does, before its DELETE
      const refreshing = refresh(t0);
      await waiting(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
      await deleting.query(`DELETE FROM profiles WHERE id = 2`);
      await deleting.query("COMMIT");
      expect(await refreshing).toMatchObject({ entered: 1, size: 1 });
    } finally {
      await deleting.query("ROLLBACK").catch(() => {});
      deleting.release();
    }
    expect(await members()).toEqual([1]);
    expect(await orphans()).toBe(0);
  });

  it("a deletion that arrives while the refresh writes: it waits, then removes the new membership", async () => {
    // Hold the refresh inside its writing statement (it has computed who matches, 2 included).
    const blocker = await pool().connect();
    let deleted: Promise<boolean> | null = null;
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE segment_transitions IN EXCLUSIVE MODE");
      const refreshing = refresh(t0);
      await waiting(`SELECT 1 FROM pg_locks WHERE relation = 'segment_transitions'::regclass AND NOT granted`);
      deleted = deletePerson("u2");
      await waiting(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
      await blocker.query("COMMIT");
      expect(await refreshing).toMatchObject({ entered: 2, size: 2 });
      expect(await deleted).toBe(true);
    } finally {
      await blocker.query("ROLLBACK").catch(() => {});
      blocker.release();
    }
    expect(await members()).toEqual([1]);
    expect(await orphans()).toBe(0);
  });
});
