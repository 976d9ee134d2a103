import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { pool } from "@/lib/db";
import { syncLiftReport } from "@/lib/measurement/lift-report";
import { mulberry32 } from "@/lib/segments/test-support/random-world";
import { makeDestination, makeSegment, makeSync } from "@/lib/sync/testing/fixtures";

// Lift reports against a generated world with a planted lift (issue 15 acceptance): 100 seeds,
// each its own sync; treated people convert at 12%, held-out people at 10%, converters buy again
// with probability 0.3 and spend uniform 20-80 per order. The report's group figures must equal
// an independent count of the generated events, and its 95% intervals must cover the planted
// truth (+2 points conversion, +1.30 revenue per person) in at least 90 of the 100 seeds.

const SEEDS = 100;
const TREATED = 1500;
const HELD = 1500;
const PER_SEED = TREATED + HELD;
const P_TREATED = 0.12;
const P_HELD = 0.1;
const P_REPEAT = 0.3;
const TRUE_REVENUE_LIFT = (P_TREATED - P_HELD) * (1 + P_REPEAT) * 50;
const DAY = 86_400_000;
/** TIMESTAMP(3) columns hold UTC wall-clock time. */
const ts = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "");

type Truth = { people: number; converted: number; repeated: number; revenue: number };
const expected: { treated: Truth; control: Truth }[] = [];
const syncIds: string[] = [];
const entered = new Date(Date.now() - 30 * DAY);

beforeAll(async () => {
  const dest = await makeDestination("webhook", { url: "http://127.0.0.1:9" }, { signingSecret: "x".repeat(24) });
  await makeSegment("seg_lift", "Lift world", []);
  await pool().query(`INSERT INTO profiles (id, email) SELECT i, 'w' || i || '@example.com' FROM generate_series(1, $1::int) i`, [
    SEEDS * PER_SEED + 200,
  ]);
  const ev = { profile: [] as number[], at: [] as Date[], revenue: [] as string[] };
  for (let s = 0; s < SEEDS; s++) {
    const sync = await makeSync({ segmentId: "seg_lift", destinationId: dest.id, name: `world ${s}`, holdoutPercent: 50 });
    syncIds.push(sync.id);
    const base = s * PER_SEED;
    // Treated people base+1..base+TREATED were delivered in one batch; the rest held out, at the same moment.
    const run = await pool().query<{ id: string }>(
      `INSERT INTO sync_runs (id, sync_id, trigger, status) VALUES ('run-' || $1, $1, 'manual', 'succeeded') RETURNING id`,
      [sync.id],
    );
    await pool().query(
      `INSERT INTO sync_run_batches (id, run_id, seq, op, size, status, started_at, finished_at, profile_ids, reasons)
       SELECT 'b-' || $1, $1, 0, 'add', $3, 'succeeded', $4, $4, array_agg(i::bigint), array_agg('entered'::text) FROM generate_series($2::int + 1, $2::int + $3::int) i`,
      [run.rows[0]!.id, base, TREATED, ts(entered)],
    );
    // What that batch's commit left: the delivered rows, entered at its time (lib/sync/entries-sql.ts).
    await pool().query(
      `INSERT INTO audience_members (sync_id, profile_id, identifier_key, added_at, entered_at)
       SELECT $1, i, 'email', $4, $4 FROM generate_series($2::int + 1, $2::int + $3::int) i`,
      [sync.id, base, TREATED, ts(entered)],
    );
    await pool().query(
      `INSERT INTO sync_holdouts (sync_id, profile_id, holdout_percent, held_at) SELECT $1, i, 50, $4 FROM generate_series($2::int + 1, $2::int + $3::int) i`,
      [sync.id, base + TREATED, HELD, ts(entered)],
    );
    const r = mulberry32(1000 + s);
    const truth = {
      treated: { people: TREATED, converted: 0, repeated: 0, revenue: 0 },
      control: { people: HELD, converted: 0, repeated: 0, revenue: 0 },
    };
    for (let i = 1; i <= PER_SEED; i++) {
      const isTreated = i <= TREATED;
      const t = isTreated ? truth.treated : truth.control;
      const profile = base + i;
      // Noise the window must leave out: an order the day before entry, and one on day 9.
      for (const offset of [-DAY, 9 * DAY]) {
        if (r() >= 0.05) continue;
        ev.profile.push(profile);
        ev.at.push(new Date(entered.getTime() + offset));
        ev.revenue.push("999");
      }
      if (r() >= (isTreated ? P_TREATED : P_HELD)) continue;
      const orders = r() < P_REPEAT ? 2 : 1;
      t.converted++;
      if (orders === 2) t.repeated++;
      for (let o = 0; o < orders; o++) {
        const amount = Math.round((20 + 60 * r()) * 100) / 100;
        t.revenue += amount;
        ev.profile.push(profile);
        ev.at.push(new Date(entered.getTime() + r() * 6.9 * DAY));
        ev.revenue.push(amount.toFixed(2));
      }
    }
    expected.push(truth);
  }
  await pool().query(
    `INSERT INTO events (profile_id, name, properties, occurred_at)
     SELECT p, 'order_completed', jsonb_build_object('revenue', v::numeric), t FROM unnest($1::bigint[], $2::timestamp[], $3::text[]) x(p, t, v)`,
    [ev.profile, ev.at.map(ts), ev.revenue],
  );
  await pool().query("ANALYZE");
}, 120_000);

describe("a sync's lift report over a world with a planted lift", () => {
  it("counts each group exactly as the generated events say, and its intervals cover the truth in at least 90 of 100 seeds", async () => {
    let conversionCovered = 0;
    let revenueCovered = 0;
    let widths = 0;
    for (let s = 0; s < SEEDS; s++) {
      const report = await syncLiftReport(systemActor(), syncIds[s]!);
      const truth = expected[s]!;
      for (const g of ["treated", "control"] as const) {
        expect([report[g].people, report[g].converted, report[g].repeated]).toEqual([
          truth[g].people,
          truth[g].converted,
          truth[g].repeated,
        ]);
        expect(report[g].revenue).toBeCloseTo(truth[g].revenue, 4);
      }
      const conv = report.statistics.conversion.absolute!;
      expect(conv.value).toBeCloseTo(truth.treated.converted / TREATED - truth.control.converted / HELD, 10);
      widths += conv.interval.high - conv.interval.low;
      if (conv.interval.low <= P_TREATED - P_HELD && P_TREATED - P_HELD <= conv.interval.high) conversionCovered++;
      const rev = report.statistics.revenue.absolute!;
      if (rev.interval.low <= TRUE_REVENUE_LIFT && TRUE_REVENUE_LIFT <= rev.interval.high) revenueCovered++;
    }
    // Covering the truth is easy for an interval that is too wide: it must be about 2 × 1.96 × SE (0.044) wide.
    expect(widths / SEEDS).toBeGreaterThan(0.04);
    expect(widths / SEEDS).toBeLessThan(0.05);
    expect(conversionCovered).toBeGreaterThanOrEqual(90);
    expect(revenueCovered).toBeGreaterThanOrEqual(90);
  }, 120_000);

  it("says inconclusive, with the holdout size it needs, when the holdout is tiny", async () => {
    // Seed 0's world with only its first 40 held-out people kept: the lift is there, the evidence is not.
    await pool().query(`DELETE FROM sync_holdouts WHERE sync_id = $1 AND profile_id > $2`, [syncIds[0], TREATED + 40]);
    const report = await syncLiftReport(systemActor(), syncIds[0]!);
    expect(report.control.people).toBe(40);
    expect(report.statistics.verdict).toBe("inconclusive");
    expect(report.statistics.power.holdoutNeeded).toBeGreaterThan(1000);
    expect(report.statistics.sentence).toMatch(
      /^Inconclusive: the holdout has 40 people with a complete window; about [\d,]+ are needed to detect a 10% lift\.$/,
    );
  });

  it("leaves out test profiles and people in both groups, and waits for a window to end before counting someone", async () => {
    // Seed 1's world: its first treated person becomes a test profile, its second was held out too
    // (the holdout share changed), and a new person was delivered yesterday.
    const base = PER_SEED;
    await pool().query("UPDATE profiles SET is_test = true WHERE id = $1", [base + 1]);
    await pool().query("INSERT INTO sync_holdouts (sync_id, profile_id, holdout_percent, held_at) VALUES ($1, $2, 50, $3)", [
      syncIds[1],
      base + 2,
      ts(entered),
    ]);
    await pool().query(
      `INSERT INTO audience_members (sync_id, profile_id, identifier_key, added_at, entered_at) VALUES ($1, $2, 'email', $3, $3)`,
      [syncIds[1], SEEDS * PER_SEED + 1, ts(new Date(Date.now() - DAY))],
    );
    const report = await syncLiftReport(systemActor(), syncIds[1]!);
    expect(report.treated.people).toBe(TREATED - 2);
    expect(report.treated.pending).toBe(1);
    expect(report.excluded).toBe(1);
    expect(report.control.people).toBe(HELD);
  });
});
