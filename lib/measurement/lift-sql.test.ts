import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { pool } from "@/lib/db";
import { tierGroupLiftReport } from "@/lib/measurement/lift-report";
import { liftAggregatesSql, SYNC_ASSIGNED_SQL, syncLiftSql, TIER_GROUP_ASSIGNED_SQL } from "@/lib/measurement/lift-sql";
import { mulberry32 } from "@/lib/segments/test-support/random-world";
import { entriesSql } from "@/lib/sync/entries-sql";
import { makeDestination, makeSegment, makeSync } from "@/lib/sync/testing/fixtures";

// syncLiftSql counts a sync's groups without building them person by person (sizes from counts,
// conversions from the events). It must give exactly the figures of the definition: the generic
// liftAggregatesSql over SYNC_ASSIGNED_SQL. Random worlds mix everything that changes a figure:
// people delivered, held out, both (left out), test profiles, entries too recent for a complete
// window, orders before, inside and after the window, revenue that is not a number, other events.

const DAY = 86_400_000;
const ts = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "");
const PEOPLE = 120;
const syncIds: string[] = [];

beforeAll(async () => {
  const dest = await makeDestination("webhook", { url: "http://127.0.0.1:9" }, { signingSecret: "x".repeat(24) });
  await makeSegment("seg_liftsql", "Lift SQL", []);
  await pool().query(
    `INSERT INTO profiles (id, email, is_test) SELECT i, 'l' || i || '@example.com', i % 17 = 0 FROM generate_series(1, $1::int) i`,
    [PEOPLE],
  );
  for (let s = 0; s < 6; s++) {
    const r = mulberry32(77 + s);
    const sync = await makeSync({ segmentId: "seg_liftsql", destinationId: dest.id, name: `lift sql ${s}`, holdoutPercent: 30 });
    syncIds.push(sync.id);
    await pool().query(`INSERT INTO sync_runs (id, sync_id, trigger, status) VALUES ('ls-' || $1, $1, 'manual', 'succeeded')`, [sync.id]);
    const delivered: number[] = [];
    const ev = { profile: [] as number[], name: [] as string[], at: [] as string[], revenue: [] as string[] };
    for (let i = 1; i <= PEOPLE; i++) {
      const u = r();
      const entered = new Date(Date.now() - (r() < 0.15 ? 2 : 20) * DAY);
      if (u < 0.55 || u >= 0.9) delivered.push(i);
      if (u >= 0.55) {
        await pool().query(`INSERT INTO sync_holdouts (sync_id, profile_id, holdout_percent, held_at) VALUES ($1, $2, 30, $3)`, [
          sync.id,
          i,
          ts(entered),
        ]);
      }
      for (let k = 0; k < 3; k++) {
        if (r() < 0.5) continue;
        ev.profile.push(i);
        ev.name.push(r() < 0.8 ? "order_completed" : "product_viewed");
        ev.at.push(ts(new Date(entered.getTime() + (r() * 12 - 2) * DAY)));
        ev.revenue.push(r() < 0.1 ? "n/a" : (10 + r() * 90).toFixed(2));
      }
    }
    const at = ts(new Date(Date.now() - 20 * DAY));
    // Delivered 20 days ago; a third of them have left since (their entry kept in sync_entries, lib/sync/entries-sql.ts).
    const left = delivered.filter((i) => i % 3 === 0);
    await pool().query(
      `INSERT INTO audience_members (sync_id, profile_id, identifier_key, added_at, entered_at)
       SELECT $1, i, 'email', $2, $2 FROM unnest($3::bigint[]) i`,
      [sync.id, at, delivered.filter((i) => i % 3 !== 0)],
    );
    await pool().query(`INSERT INTO sync_entries (sync_id, profile_id, entered_at) SELECT $1, i, $2 FROM unnest($3::bigint[]) i`, [
      sync.id,
      at,
      left,
    ]);
    await pool().query(
      `INSERT INTO events (profile_id, name, properties, occurred_at)
       SELECT p, n, jsonb_build_object('revenue', v), t FROM unnest($1::bigint[], $2::text[], $3::timestamp[], $4::text[]) x(p, n, t, v)`,
      [ev.profile, ev.name, ev.at, ev.revenue],
    );
  }
});

describe("a sync's lift aggregates", () => {
  it("equal the definition's (every assignment joined person by person) in random worlds", async () => {
    const params = { event: 2, property: 3, windowDays: 4 };
    let converted = 0;
    for (const syncId of syncIds) {
      for (const windowDays of [7, 3]) {
        const args = [syncId, "order_completed", "revenue", windowDays];
        const fast = (await pool().query(syncLiftSql(params), args)).rows;
        const definition = (await pool().query(liftAggregatesSql(SYNC_ASSIGNED_SQL, params), args)).rows;
        // People in both groups count in neither: the report reads only how many there are.
        const byGroup = (rows: Record<string, unknown>[]) =>
          Object.fromEntries(
            rows
              .filter((r) => Number(r.people) + Number(r.pending) > 0)
              .map((r) =>
                r.grp === "both"
                  ? ["both", Number(r.people) + Number(r.pending)]
                  : [r.grp, { ...r, revenue: Number(r.revenue).toFixed(6), revenue_squares: Number(r.revenue_squares).toFixed(4) }],
              ),
          );
        expect(byGroup(fast)).toEqual(byGroup(definition));
        converted += definition.reduce((n, r) => n + r.converted, 0);
      }
    }
    // The worlds are not empty of what is being compared.
    expect(converted).toBeGreaterThan(50);
  });
});

describe("a tier group's lift", () => {
  // Computed here from the raw rows, person by person: a person's entry is the first time any of
  // the group's syncs delivered them (their entries) or held them out; delivered by one and held
  // out by another is "both"; conversions are order_completed events inside the window.
  async function expected(groupSyncs: string[], windowDays: number) {
    const q = async (sql: string, args: unknown[]) => (await pool().query(sql, args)).rows;
    const now = Number((await q("SELECT extract(epoch FROM now() AT TIME ZONE 'UTC') * 1000 AS ms", []))[0].ms);
    const asMs = "extract(epoch FROM %s) * 1000";
    const test = new Set((await q("SELECT id::text FROM profiles WHERE is_test", [])).map((r) => r.id));
    const first = (rows: { p: string; at: number }[]) => {
      const m = new Map<string, number>();
      for (const r of rows) m.set(r.p, Math.min(m.get(r.p) ?? Infinity, Number(r.at)));
      return m;
    };
    const sent = first(
      await q(`SELECT profile_id::text AS p, ${asMs.replace("%s", "entered_at")} AS at FROM ${entriesSql("sync_id = ANY($1)")} e`, [
        groupSyncs,
      ]),
    );
    const held = first(
      await q(`SELECT profile_id::text AS p, ${asMs.replace("%s", "held_at")} AS at FROM sync_holdouts WHERE sync_id = ANY($1)`, [
        groupSyncs,
      ]),
    );
    const orders = await q(
      `SELECT profile_id::text AS p, ${asMs.replace("%s", "occurred_at")} AS at, properties ->> 'revenue' AS rev FROM events WHERE name = 'order_completed'`,
      [],
    );
    const groups: Record<string, { people: number; pending: number; converted: number; repeated: number; revenue: number }> = {};
    for (const p of new Set([...sent.keys(), ...held.keys()])) {
      if (test.has(p)) continue;
      const grp = sent.has(p) && held.has(p) ? "both" : sent.has(p) ? "treated" : "control";
      const at = sent.get(p) ?? held.get(p)!;
      const g = (groups[grp] ??= { people: 0, pending: 0, converted: 0, repeated: 0, revenue: 0 });
      if (at > now - windowDays * DAY) {
        g.pending++;
        continue;
      }
      g.people++;
      const mine = orders.filter((o) => o.p === p && Number(o.at) >= at && Number(o.at) < at + windowDays * DAY);
      if (mine.length) g.converted++;
      if (mine.length >= 2) g.repeated++;
      g.revenue += mine.reduce((n, o) => n + (/^-?[0-9]+(\.[0-9]+)?$/.test(o.rev) ? Number(o.rev) : 0), 0);
    }
    return groups;
  }

  it("counts everyone its tiers delivered against everyone they held out, from each person's first assignment", async () => {
    const groupSyncs = syncIds.slice(0, 3);
    await pool().query(`INSERT INTO tier_groups (id, name) VALUES ('tg-lift', 'Lift tiers')`);
    for (const [i, id] of groupSyncs.entries())
      await pool().query(`INSERT INTO tier_group_members (group_id, sync_id, rank) VALUES ('tg-lift', $1, $2)`, [id, i + 1]);
    const viewer: Actor = { type: "user", id: "u1", label: "Vee", role: "viewer" };
    let converted = 0;
    for (const windowDays of [7, 3]) {
      const want = await expected(groupSyncs, windowDays);
      const report = await tierGroupLiftReport(viewer, "tg-lift", { windowDays });
      for (const [grp, got] of [
        ["treated", report.treated],
        ["control", report.control],
      ] as const) {
        const w = want[grp]!;
        expect({ ...got, revenue: got.revenue.toFixed(6) }).toMatchObject({ ...w, revenue: w.revenue.toFixed(6) });
        converted += got.converted;
      }
      expect(report.excluded).toBe((want.both?.people ?? 0) + (want.both?.pending ?? 0));
      expect(report.group).toEqual({ id: "tg-lift", name: "Lift tiers", syncs: 3 });
      // The generic statement gives the same rows the report read.
      const rows = (
        await pool().query(liftAggregatesSql(TIER_GROUP_ASSIGNED_SQL, { event: 2, property: 3, windowDays: 4 }), [
          "tg-lift",
          "order_completed",
          "revenue",
          windowDays,
        ])
      ).rows;
      expect(rows.find((r) => r.grp === "treated")?.converted).toBe(report.treated.converted);
    }
    expect(converted).toBeGreaterThan(20);
    expect((await expected(groupSyncs, 7)).both?.people ?? 0).toBeGreaterThan(0);
    await expect(tierGroupLiftReport(viewer, "no-such-group")).rejects.toMatchObject({ code: "not_found" });
  });
});
