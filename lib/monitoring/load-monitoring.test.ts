import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { loadMonitoring, loadSyncTrend } from "@/lib/monitoring/load-monitoring";
import { runSync } from "@/lib/sync/run-sync";
import { makeDestination, makeSegment, makeSync, seedPeople } from "@/lib/sync/testing/fixtures";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";

// The Monitoring loader against the real database: snapshots written as the engine writes them,
// runs with real outcomes, and one sync run end to end against a local receiver.

const SECRET = "test-signing-secret-0123456789";
let rx: Receiver;
let destId: string;
const ids: Record<string, string> = {};

type Snap = {
  hoursAgo: number;
  segment: number;
  eligible?: number;
  delivered: number;
  reported?: number | null;
  figures?: Record<string, unknown>;
};
async function snapshot(syncId: string, s: Snap) {
  await pool().query(
    `INSERT INTO metric_snapshots (sync_id, taken_at, segment_size, eligible_size, audience_size, reported_size, match_rate, figures)
     VALUES ($1, (now() AT TIME ZONE 'UTC') - make_interval(secs => $2::double precision * 3600), $3, $4, $5, $6, $7, $8)`,
    [
      syncId,
      s.hoursAgo,
      s.segment,
      s.eligible ?? s.segment,
      s.delivered,
      s.reported ?? null,
      s.reported != null ? Math.round((s.reported / s.delivered) * 1000) / 1000 : null,
      JSON.stringify(s.figures ?? { desired: s.delivered, suppressed: 0, held_out: 0, capped: 0, missing_identifier: 0, rejected: 0 }),
    ],
  );
}
async function run(syncId: string, status: string, hoursAgo: number, extra: { error?: string; added?: number } = {}) {
  await pool().query(
    `INSERT INTO sync_runs (id, sync_id, trigger, status, created_at, started_at, finished_at, error, added)
     VALUES (gen_random_uuid()::text, $1, 'schedule', $2::"RunStatus", (now() AT TIME ZONE 'UTC') - make_interval(secs => $3::double precision * 3600),
             (now() AT TIME ZONE 'UTC') - make_interval(secs => $3::double precision * 3600), (now() AT TIME ZONE 'UTC') - make_interval(secs => $3::double precision * 3600), $4, $5)`,
    [syncId, status, hoursAgo, extra.error ?? null, extra.added ?? 0],
  );
}

beforeAll(async () => {
  rx = await startReceiver(SECRET);
  await seedPeople(120);
  await makeSegment("seg_m", "Cart abandoners", "p.id <= 100");
  destId = (await makeDestination("webhook", { url: rx.url, batchSize: 50 }, { signingSecret: SECRET }, "Webhook")).id;
  for (const name of ["A healthy", "B failing", "C paused", "D drifting", "E overdue"]) {
    ids[name] = (await makeSync({ segmentId: "seg_m", destinationId: destId, name, identifiers: ["email"] })).id;
  }
  // Every 4 hours: a run 2 hours ago is on time. "E overdue" keeps the default 15 minutes and last ran 5 hours ago.
  await db().sync.updateMany({
    where: { name: { in: ["A healthy", "B failing", "C paused", "D drifting"] } },
    data: { intervalMinutes: 240 },
  });
  for (const name of ["A healthy", "B failing", "C paused", "D drifting"]) await run(ids[name]!, "succeeded", 2, { added: 5 });
  await run(ids["B failing"]!, "failed", 0.5, { error: "The destination refused the token (401)." });
  await db().sync.update({ where: { id: ids["C paused"]! }, data: { state: "paused", pausedReason: "Paused by ops@example.com" } });
  await run(ids["E overdue"]!, "succeeded", 5);

  // Healthy: delivered equals what the plan allows, every day for 10 days.
  for (const h of [240, 48, 24, 2])
    await snapshot(ids["A healthy"]!, { hoursAgo: h, segment: 1000, delivered: 900, figures: plan(1000, 900) });
  // Drifting: the platform used to match 60% and now shows 300 of 800 delivered; 100 also missing vs the plan.
  await snapshot(ids["D drifting"]!, { hoursAgo: 48, segment: 1000, delivered: 900, reported: 540, figures: plan(1000, 900) });
  await snapshot(ids["D drifting"]!, { hoursAgo: 24, segment: 1000, delivered: 900, reported: 540, figures: plan(1000, 900) });
  await snapshot(ids["D drifting"]!, { hoursAgo: 2, segment: 1000, delivered: 800, reported: 300, figures: plan(1000, 900) });
});
afterAll(() => rx.close());

/** Plan figures: 50 suppressed, 50 held out of `segment`, leaving `desired`. */
const plan = (segment: number, desired: number) => ({
  desired,
  suppressed: 50,
  held_out: segment - desired - 50,
  capped: 0,
  missing_identifier: 0,
  rejected: 0,
  platform: { status: "ready", size: null, match_rate: null },
});

describe("loadMonitoring", () => {
  it("puts failing, paused, drifting and overdue syncs first, each with its cause", async () => {
    const { rows } = await loadMonitoring({ range: "7d" });
    const mine = rows.filter((r) => Object.values(ids).includes(r.syncId));
    expect(mine.map((r) => [r.name, r.attention?.kind ?? null])).toEqual([
      ["B failing", "failing"],
      ["C paused", "paused"],
      ["D drifting", "drifting"],
      ["E overdue", "overdue"],
      ["A healthy", null],
    ]);
    expect(mine[0]!.attention!.reason).toBe("The destination refused the token (401).");
    expect(mine[0]!.health.state).toBe("failing"); // the one health model's word, not a new one
    expect(mine[0]!.lastRun?.status).toBe("failed");
    expect(mine[3]!.attention!.reason).toContain("should run every 15 minutes");
  });

  it("measures the gap beyond what suppression and holdout explain, and beyond the usual match rate", async () => {
    const { rows } = await loadMonitoring({ range: "7d" });
    const drifting = rows.find((r) => r.syncId === ids["D drifting"])!;
    expect(drifting.gaps.segment).toMatchObject({ expected: 900, actual: 800, difference: -100 });
    expect(drifting.gaps.segment!.sentence).toBe(
      "100 fewer delivered than the segment allows after suppression, holdout, cap and identifiers (11%).",
    );
    // Typical match 60% of 800 delivered = 480 expected; the platform shows 300.
    expect(drifting.gaps.platform).toMatchObject({ expected: 480, actual: 300, difference: -180 });
    expect(drifting.gaps.largest?.kind).toBe("platform");
    const healthy = rows.find((r) => r.syncId === ids["A healthy"])!;
    expect(healthy.gaps.segment?.difference).toBe(0);
    expect(healthy.gaps.largest).toBeNull();
  });

  it("reads each range's snapshots: 24 hours, 7 days, 30 days", async () => {
    const count = async (range: "24h" | "7d" | "30d") =>
      (await loadMonitoring({ range })).rows.find((r) => r.syncId === ids["A healthy"])!.series.length;
    expect(await count("24h")).toBe(1);
    expect(await count("7d")).toBe(3);
    expect(await count("30d")).toBe(4);
    const series = (await loadMonitoring({ range: "30d" })).rows.find((r) => r.syncId === ids["A healthy"])!.series;
    expect(series.map((p) => p.t.getTime())).toEqual([...series.map((p) => p.t.getTime())].sort((a, b) => a - b));
    expect(series[0]).toMatchObject({ segment: 1000, delivered: 900 });
  });

  it("sorts by name when asked", async () => {
    const names = (await loadMonitoring({ range: "7d", sort: "name" })).rows.map((r) => r.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it("refuses an unknown range naming it", async () => {
    await expect(loadMonitoring({ range: "1y" as "7d" })).rejects.toThrow(/range/);
  });
});

describe("loadSyncTrend", () => {
  it("after a real run: one point, no gap, and a sentence that says there is nothing to compare yet", async () => {
    const sync = await makeSync({ segmentId: "seg_m", destinationId: destId, name: "Real run", identifiers: ["email"] });
    const result = await runSync(
      sync.id,
      { trigger: "manual" },
      { policy: { maxAttempts: 2, baseMs: 5, maxMs: 20, maxThrottleWaitMs: 5_000 } },
    );
    expect(result.status).toBe("succeeded");
    const trend = (await loadSyncTrend(sync.id, "24h"))!;
    expect(trend.points).toHaveLength(1);
    expect(trend.points[0]).toMatchObject({ segment: 100, delivered: 100 });
    expect(trend.row.gaps.segment?.difference).toBe(0);
    expect(trend.row.attention).toBeNull();
    expect(trend.sentence.verdict).toBe("too_few_points");
  });

  it("says a platform-side drop is the platform's, on the drifting sync", async () => {
    const trend = (await loadSyncTrend(ids["D drifting"]!, "7d"))!;
    expect(trend.points.map((p) => p.delivered)).toEqual([900, 900, 800]);
    expect(trend.sentence.verdict).toBe("sync_driven");
    expect(trend.sentence.sentence).toMatch(/^Delivered fell 11% since [\w: ]+ while the segment held steady/);
    expect(trend.sentence.sentence).toContain("The platform's matched size fell 44%");
  });

  it("is null for a sync that does not exist", async () => {
    expect(await loadSyncTrend("nope", "7d")).toBeNull();
  });
});
