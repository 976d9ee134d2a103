import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { loadSync } from "@/lib/sync/load-sync";
import { fullPlanReason, RECONCILE_EVERY_RUNS, type PositionRow } from "@/lib/sync/plan-incremental";
import { clearPlan, planSync, type PlanCounts, type PlanInput } from "@/lib/sync/plan-sync";
import { runSync } from "@/lib/sync/run-sync";
import { suppressionSegmentIds } from "@/lib/suppression/rules-in-scope";
import { deliveredKeys, makeDestination, makeRule, makeSegment, makeSync, seedPeople } from "@/lib/sync/testing/fixtures";
import { desiredOracle, sorted } from "@/lib/sync/testing/oracle";
import { startReceiver, type Receiver } from "@/lib/sync/testing/receiver";

// Acceptance (issue 16 item 2): on random histories of entries, exits, identifier changes,
// suppression, test marks and destination refusals, every incremental run plans exactly what the
// full plan of the same moment plans (the same adds and removes with the same reasons, the same
// counts), and after each run the delivered audience is the one the full plan wants.

const SECRET = "incremental-test-secret-0123456789";
const FAST = { maxAttempts: 2, baseMs: 5, maxMs: 20, maxThrottleWaitMs: 5_000 };
const PEOPLE = 400;
let rx: Receiver;

/** mulberry32: a seeded generator, so a failure can be replayed with INCREMENTAL_SEED. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SEED = Number(process.env.INCREMENTAL_SEED ?? Date.now() % 1_000_000);

beforeAll(async () => {
  rx = await startReceiver(SECRET);
  await seedPeople(PEOPLE, { noEmailEvery: 11 });
  await makeSegment("seg", "Browsed", "p.id % 2 = 0");
  await makeSegment("buyers", "Purchased", "p.id % 13 = 0");
  await makeRule("buyers");
  await pool().query(
    "UPDATE segment_memberships SET entered_at = now() - make_interval(days => (profile_id % 6)::int) WHERE segment_id = 'seg'",
  );
});
afterAll(() => rx.close());

async function inputOf(syncId: string): Promise<PlanInput> {
  const loaded = await loadSync(syncId);
  return {
    syncId,
    segmentId: loaded.sync.segmentId,
    identifiers: loaded.identifiers,
    capDays: loaded.capDays,
    holdoutPercent: loaded.sync.holdoutPercent,
    mode: loaded.sync.mode,
    suppressionSegmentIds: await suppressionSegmentIds(pool(), syncId),
  };
}

type Item = { op: string; id: string; reason: string | null; e: string | null; p: string | null; x: string | null };

/** The full plan of this moment, as a dry run would make it (nothing recorded, nothing kept). */
async function fullPlan(syncId: string): Promise<{ plan: PlanCounts; items: Item[] }> {
  const runId = `full-${Math.random().toString(36).slice(2)}`;
  const client = await pool().connect();
  try {
    const plan = await planSync(client, await inputOf(syncId), runId, { recordHoldouts: false, allowCursor: false });
    const { rows } = await pool().query<Item>(
      `SELECT op, profile_id::text AS id, reason, email_sha256 AS e, phone_sha256 AS p, external_id AS x
         FROM sync_plan_items WHERE run_id = $1 AND op <> 'hold'`,
      [runId],
    );
    return { plan, items: rows };
  } finally {
    await clearPlan(pool(), [runId]);
    client.release();
  }
}

const key = (i: { op: string; id: string; reason: string | null }) => `${i.op}:${i.id}:${i.reason}`;

/** What a run delivered, from its batch history: (op, person, reason). */
async function runItems(runId: string) {
  const { rows } = await pool().query<{ op: string; id: string; reason: string | null }>(
    `SELECT b.op, x.id::text AS id, x.reason FROM sync_run_batches b, unnest(b.profile_ids, b.reasons) AS x(id, reason) WHERE b.run_id = $1`,
    [runId],
  );
  return rows;
}

/** One random step of history. */
async function mutate(rnd: () => number) {
  const pick = (n: number) => Array.from({ length: n }, () => 1 + Math.floor(rnd() * PEOPLE));
  const ops = Math.floor(rnd() * 4) + 2;
  for (let i = 0; i < ops; i++) {
    const kind = Math.floor(rnd() * 7);
    const ids = pick(1 + Math.floor(rnd() * 12));
    if (kind === 0)
      await pool().query(
        `INSERT INTO segment_memberships (segment_id, profile_id, entered_at) SELECT 'seg', id, now() - make_interval(days => $2::int)
           FROM unnest($1::bigint[]) id ON CONFLICT DO NOTHING`,
        [ids, Math.floor(rnd() * 6)],
      );
    else if (kind === 1)
      await pool().query("DELETE FROM segment_memberships WHERE segment_id = 'seg' AND profile_id = ANY($1::bigint[])", [ids]);
    else if (kind === 2)
      await pool().query(
        `UPDATE profiles SET email_sha256 = CASE WHEN random() < 0.3 THEN NULL ELSE md5(random()::text) END WHERE id = ANY($1::bigint[])`,
        [ids],
      );
    else if (kind === 3)
      await pool().query(
        `UPDATE profiles SET phone_sha256 = md5(random()::text), phone_valid = random() < 0.7 WHERE id = ANY($1::bigint[])`,
        [ids],
      );
    else if (kind === 4)
      await pool().query(
        `INSERT INTO segment_memberships (segment_id, profile_id) SELECT 'buyers', id FROM unnest($1::bigint[]) id ON CONFLICT DO NOTHING`,
        [ids.slice(0, 3)],
      );
    else if (kind === 5)
      await pool().query("DELETE FROM segment_memberships WHERE segment_id = 'buyers' AND profile_id = ANY($1::bigint[])", [ids]);
    else await pool().query("UPDATE profiles SET is_test = NOT is_test WHERE id = ANY($1::bigint[])", [ids.slice(0, 2)]);
  }
}

const COUNTED = [
  "segmentSize",
  "testProfiles",
  "suppressed",
  "capped",
  "missingIdentifier",
  "heldOut",
  "rejected",
  "desired",
  "eligible",
] as const;

describe(`incremental sync plans (seed ${SEED})`, () => {
  it("plan the same adds, removes and counts as the full plan on random histories, and converge to the same audience", async () => {
    const rnd = random(SEED);
    const syncs = [
      await makeSync({
        segmentId: "seg",
        destinationId: (await makeDestination("webhook", { url: rx.url, batchSize: 40 }, { signingSecret: SECRET }, "mirror hook")).id,
        identifiers: ["email", "phone"],
        holdoutPercent: 10,
        capDays: 4,
      }),
      await makeSync({
        segmentId: "seg",
        destinationId: (await makeDestination("webhook", { url: rx.url, batchSize: 40 }, { signingSecret: SECRET }, "add-only hook")).id,
        identifiers: ["phone"],
        mode: "add_only",
      }),
    ];
    const kinds: string[] = [];
    for (let step = 0; step < 7; step++) {
      if (step > 0) await mutate(rnd);
      if (step === 4) await db().sync.update({ where: { id: syncs[0]!.id }, data: { holdoutPercent: 20 } });
      // Now and then the destination refuses a few members as invalid (sync_rejections).
      const refuse = rnd() < 0.4 ? [String(2 * (1 + Math.floor(rnd() * 150)))] : [];
      rx.fault = (r) => (r.event === "audience.members.added" && refuse.length ? { rejectKeys: refuse } : null);
      for (const sync of syncs) {
        const full = await fullPlan(sync.id);
        const result = await runSync(sync.id, { trigger: "schedule" }, { policy: FAST });
        expect(result).toMatchObject({ status: "succeeded", error: null });
        const run = await db().syncRun.findUniqueOrThrow({ where: { id: (result as { runId: string }).runId } });
        const stats = run.stats as Record<string, unknown>;
        kinds.push(`${step}:${stats.plan_kind}`);
        // Refused members count as planned adds that did not land: compare what was planned.
        const refused = new Set(
          (
            await pool().query<{ id: string }>("SELECT profile_id::text AS id FROM sync_run_item_errors WHERE run_id = $1", [run.id])
          ).rows.map((r) => r.id),
        );
        const planned = (await runItems(run.id)).map(key);
        const expected = full.items.filter((i) => !(i.op === "add" && refused.has(i.id))).map(key);
        expect(planned.sort(), `step ${step} ${stats.plan_kind}`).toEqual(expected.sort());
        expect(run.toAdd).toBe(full.plan.toAdd);
        expect(run.toRemove).toBe(full.plan.toRemove);
        const counted = {
          segmentSize: run.segmentSize,
          suppressed: run.suppressed,
          capped: run.capped,
          missingIdentifier: run.missingIdentifier,
          heldOut: run.heldOut,
          eligible: run.eligible,
          testProfiles: stats.test_profiles,
          rejected: stats.rejected,
          desired: stats.desired,
        };
        expect(counted, `counts at step ${step}`).toEqual(Object.fromEntries(COUNTED.map((k) => [k, full.plan[k]])));
        expect(stats.coverage).toEqual(full.plan.coverage);
        // The audience size the run reports is the delivered set's (incremental runs do not count it).
        const snapshot = await db().metricSnapshot.findFirstOrThrow({ where: { syncId: sync.id }, orderBy: { id: "desc" } });
        expect(snapshot.audienceSize).toBe((await deliveredKeys(sync.id)).size);
        // And after the run, the full plan has nothing left to do: the same audience either way.
        const after = await fullPlan(sync.id);
        expect(after.items.filter((i) => !(i.op === "add" && refused.has(i.id)))).toEqual([]);
      }
    }
    rx.fault = null;
    // The first run and the settings change plan everyone; the rest plan from what changed.
    expect(kinds.slice(0, 2)).toEqual(["0:full", "0:full"]);
    expect(kinds.filter((k) => k.endsWith("incremental")).length).toBeGreaterThanOrEqual(10);
    expect(kinds[8]).toBe("4:full");
    // The mirror sync's audience is the desired set an independent oracle computes (test profiles aside).
    const tests = new Set((await pool().query<{ id: string }>("SELECT id::text FROM profiles WHERE is_test")).rows.map((r) => r.id));
    const { desired } = await desiredOracle(syncs[0]!.id);
    // (The oracle keeps out people whose current identifiers were refused, as the plan does.)
    expect(sorted(await deliveredKeys(syncs[0]!.id))).toEqual(sorted([...desired].filter((k) => !tests.has(k))));
  }, 240_000);

  it("keeps the position when a run does not deliver everything, and the next run delivers what it missed", async () => {
    const dest = await makeDestination("webhook", { url: rx.url, batchSize: 40 }, { signingSecret: SECRET }, "flaky hook");
    const sync = await makeSync({ segmentId: "seg", destinationId: dest.id, identifiers: ["email"] });
    expect(await runSync(sync.id, { trigger: "manual" }, { policy: FAST })).toMatchObject({ status: "succeeded" });
    const before = await db().syncPlanPosition.findUniqueOrThrow({ where: { syncId: sync.id } });
    // Odd ids: not members yet (the segment is the even ones, and the history above only added a few).
    const joiners = Array.from({ length: 20 }, (_, i) => 2 * i + 1);
    await pool().query(
      `INSERT INTO segment_memberships (segment_id, profile_id) SELECT 'seg', unnest($1::bigint[]) ON CONFLICT DO NOTHING`,
      [joiners],
    );
    rx.fault = () => ({ status: 500 });
    const failed = await runSync(sync.id, { trigger: "manual" }, { policy: FAST });
    rx.fault = null;
    expect(failed.status).toBe("failed");
    const failedRun = await db().syncRun.findUniqueOrThrow({ where: { id: (failed as { runId: string }).runId } });
    expect(failedRun.toAdd).toBeGreaterThan(0);
    const kept = await db().syncPlanPosition.findUniqueOrThrow({ where: { syncId: sync.id } });
    expect(kept.position).toBe(before.position);
    const retry = await runSync(sync.id, { trigger: "manual" }, { policy: FAST });
    expect(retry.status).toBe("succeeded");
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: (retry as { runId: string }).runId } });
    expect((run.stats as Record<string, unknown>).plan_kind).toBe("incremental");
    expect(run.added).toBe(failedRun.toAdd);
    expect((await fullPlan(sync.id)).items).toEqual([]);
    const moved = await db().syncPlanPosition.findUniqueOrThrow({ where: { syncId: sync.id } });
    expect(moved.position! > before.position!).toBe(true);
  }, 60_000);
});

describe("fullPlanReason", () => {
  const pos: PositionRow = {
    position: "100",
    position_at: new Date("2026-12-01T10:00:00Z"),
    fingerprint: "f",
    needs_full: false,
    runs_since_full: 3,
    full_at: new Date("2026-12-01T09:00:00Z"),
    counts: [],
    states: 10,
    has_states: true,
  };
  const now = new Date("2026-12-01T12:00:00Z");
  it("plans from what changed only when nothing global changed", () => {
    expect(fullPlanReason(pos, "f", false, now)).toBeNull();
    expect(fullPlanReason(undefined, "f", false, now)).toBe("first run");
    expect(fullPlanReason({ ...pos, position: null }, "f", false, now)).toBe("first run");
    expect(fullPlanReason(pos, "g", false, now)).toBe("settings changed");
    expect(fullPlanReason(pos, "f", true, now)).toBe("part of a tier group");
    expect(fullPlanReason({ ...pos, needs_full: true }, "f", false, now)).toMatch(/not delivered in full/);
    expect(fullPlanReason({ ...pos, has_states: false }, "f", false, now)).toBe("the database restarted");
    expect(fullPlanReason({ ...pos, runs_since_full: RECONCILE_EVERY_RUNS }, "f", false, now)).toBe(`every ${RECONCILE_EVERY_RUNS} runs`);
    expect(fullPlanReason(pos, "f", false, new Date("2026-12-02T09:00:00Z"))).toBe("daily");
  });
});
