import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { liftAggregatesSql, SYNC_ASSIGNED_SQL, syncLiftSql } from "@/lib/measurement/lift-sql";
import { mulberry32 } from "@/lib/segments/test-support/random-world";
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
    await pool().query(
      `INSERT INTO sync_run_batches (id, run_id, seq, op, size, status, started_at, finished_at, profile_ids, reasons)
       VALUES ('lsb-' || $1, 'ls-' || $1, 0, 'add', $2, 'succeeded', $3, $3, $4::bigint[], $5::text[])`,
      [sync.id, delivered.length, at, delivered, delivered.map(() => "entered")],
    );
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
