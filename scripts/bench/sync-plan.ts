import type pg from "pg";
import { intFlag, type Flags } from "../lib/args";
import { machine, median, nodeCpuMs, printTable, runSeeded, type Benchmark } from "./lib";

// Sync plans at scale (issue 16 item 2): the full diff against the incremental plan of a run
// after churn, at two churn levels, with a hand-written change-driven diff as the limit. No
// destination: the plan is what is measured, and each round's diff is applied to
// audience_members in SQL as a delivery would, so the next round starts from a converged sync.
// Targets: incremental plan under 0.5 s at 1M members with 1% churn, and time proportional to
// the churn (10x less churn, about 10x less time).

const SEGMENT = "plan_all";
const BUYERS = "plan_buyers";

async function seed(c: pg.Client, members: number, spare: number) {
  await c.query("SET session_replication_role = replica");
  await c.query(
    `INSERT INTO profiles (id, external_id, email, email_sha256, phone, phone_sha256, phone_valid)
     SELECT i, 'crm-' || i, e, encode(sha256(convert_to(e, 'UTF8')), 'hex'),
       CASE WHEN i % 2 = 0 THEN ph END, CASE WHEN i % 2 = 0 THEN encode(sha256(convert_to(ph, 'UTF8')), 'hex') END, CASE WHEN i % 2 = 0 THEN true END
     FROM generate_series(1, $1::int) i, LATERAL (SELECT 'shopper' || i || '@example.com' AS e, '+1415' || lpad(i::text, 7, '0') AS ph) v`,
    [members + spare],
  );
  await c.query(`SELECT setval(pg_get_serial_sequence('profiles', 'id'), $1::bigint)`, [members + spare]);
  await c.query(
    `INSERT INTO segments (id, name, definition, updated_at) VALUES ($1, 'Plan bench: everyone', '{"bench":true}', now()),
       ($2, 'Plan bench: purchased', '{"bench":true}', now())`,
    [SEGMENT, BUYERS],
  );
  await c.query(`INSERT INTO segment_memberships (segment_id, profile_id) SELECT $1, i FROM generate_series(1, $2::int) i`, [
    SEGMENT,
    members,
  ]);
  await c.query(
    `INSERT INTO segment_memberships (segment_id, profile_id) SELECT $1, i FROM generate_series(1, $2::int) i WHERE i % 100 = 7`,
    [BUYERS, members],
  );
  await c.query(`INSERT INTO suppression_rules (id, name, segment_id, updated_at) VALUES ('plan_rule', 'Purchased recently', $1, now())`, [
    BUYERS,
  ]);
  await c.query("SET session_replication_role = origin");
  await c.query("VACUUM ANALYZE profiles, segment_memberships");
}

/** n changes: 45% of them leave, 45% join (from the spare people), 10% change email. */
export async function churn(c: pg.Client, members: number, spare: number, n: number, round: number) {
  const leave = Math.round(n * 0.45);
  const change = Math.round(n * 0.1);
  await c.query(`DELETE FROM segment_memberships WHERE segment_id = $1 AND profile_id % $2 = $3`, [
    SEGMENT,
    Math.max(2, Math.floor(members / leave)),
    round,
  ]);
  await c.query(
    `INSERT INTO segment_memberships (segment_id, profile_id)
     SELECT $1, p.id FROM generate_series($2::int + 1, $2::int + $3::int) p(id)
      WHERE NOT EXISTS (SELECT 1 FROM segment_memberships m WHERE m.segment_id = $1 AND m.profile_id = p.id)
      LIMIT $4`,
    [SEGMENT, members, spare, leave],
  );
  await c.query(
    `UPDATE profiles SET email_sha256 = md5(id || ':' || $3::text) WHERE id IN (SELECT i * $1 FROM generate_series(1, $2::int) i)`,
    [Math.max(1, Math.floor(members / change) - 1), change, `${Date.now()}:${round}`],
  );
}

export const syncPlanBenchmark: Benchmark = {
  description:
    "sync plans after churn: full diff vs incremental plan (what changed since the last run) vs a hand-written change-driven diff",
  usage:
    "npm run bench -- sync-plan [--members 1000000] [--churn 10000] [--churn2 1000] [--repeat 3] [--data-dir DIR] [--database-url URL]",
  async run(flags: Flags) {
    const members = intFlag(flags, "members", 1_000_000);
    const churns = [intFlag(flags, "churn", Math.round(members / 100)), intFlag(flags, "churn2", Math.round(members / 1000))];
    const spare = Math.round(members / 50);
    // Each round brings 45% of its churn in from the spare people: as many repeats as they allow.
    const repeat = Math.max(1, Math.min(intFlag(flags, "repeat", 3), Math.floor(spare / (0.45 * (churns[0]! + churns[1]!)))));
    return runSeeded(
      flags,
      {
        isSeeded: async (c) => (await c.query("SELECT 1 FROM segments WHERE id = $1", [SEGMENT])).rowCount === 1,
        run: (c) => seed(c, members, spare),
      },
      async ({ database, admin, seeded }) => {
        const { pool } = await import("@/lib/db");
        pool().on("error", () => {});
        const { makeDestination, makeSync } = await import("@/lib/sync/testing/fixtures");
        const { planRun, commitPosition, recordDelivered } = await import("@/lib/sync/plan-incremental");
        const { createRunningRun } = await import("@/lib/sync/run-records");
        const { planSync, clearPlan } = await import("@/lib/sync/plan-sync");
        const { desiredSql } = await import("@/lib/sync/plan-sql");
        const { suppressionSegmentIds } = await import("@/lib/suppression/rules-in-scope");
        await admin.query("DELETE FROM syncs WHERE name = 'Plan bench audience'");
        // A reused database: the segment back to people 1..members, so each round's churn is fresh.
        await admin.query("DELETE FROM segment_memberships WHERE segment_id = $1 AND profile_id > $2", [SEGMENT, members]);
        await admin.query(
          "INSERT INTO segment_memberships (segment_id, profile_id) SELECT $1, i FROM generate_series(1, $2::int) i ON CONFLICT DO NOTHING",
          [SEGMENT, members],
        );
        await admin.query("DELETE FROM destinations WHERE name = 'Plan bench'");
        const dest = await makeDestination(
          "webhook",
          { url: "http://127.0.0.1:9/never" },
          { signingSecret: "plan-bench-secret-0123456789" },
          "Plan bench",
        );
        const sync = await makeSync({
          segmentId: SEGMENT,
          destinationId: dest.id,
          identifiers: ["email", "phone"],
          name: "Plan bench audience",
        });
        // A sync that has run for a while has refusals on record (they are kept; only the last
        // day's count): 2% of the members, refused long ago. Plans read refusals by time.
        await admin.query(
          `INSERT INTO sync_rejections (sync_id, profile_id, email_sha256, code, message, rejected_at)
           SELECT $1, i, 'refused-' || i, 'invalid', 'Refused long ago', now() - interval '30 days' FROM generate_series(1, $2::int, 50) i`,
          [sync.id, members],
        );
        const input = {
          syncId: sync.id,
          segmentId: SEGMENT,
          identifiers: ["email", "phone"] as ("email" | "phone")[],
          capDays: null,
          holdoutPercent: 0,
          mode: "mirror" as const,
          suppressionSegmentIds: await suppressionSegmentIds(pool(), sync.id),
        };
        const params = [input.syncId, input.segmentId, input.suppressionSegmentIds, input.capDays, input.holdoutPercent];
        const client = await pool().connect();
        const timed = async <T>(fn: () => Promise<T>) => {
          const cpu = { node: nodeCpuMs(), pg: database.serverCpuMs() };
          const t0 = performance.now();
          const value = await fn();
          const pgAfter = database.serverCpuMs();
          return {
            value,
            s: (performance.now() - t0) / 1000,
            nodeCpu: (nodeCpuMs() - cpu.node) / 1000,
            pgCpu: cpu.pg === null || pgAfter === null ? null : (pgAfter - cpu.pg) / 1000,
          };
        };
        try {
          // The first run: a full plan that keeps member states; its adds become the delivered set.
          const firstRun = await createRunningRun(sync.id, "manual");
          const first = await timed(() => planRun(client, input, firstRun));
          await admin.query(
            `INSERT INTO audience_members (sync_id, profile_id, identifier_key, email_sha256, phone_sha256, external_id)
             SELECT $1, profile_id, k, e, p, x FROM (${desiredSql({ identifiers: input.identifiers, rejections: false })}) d`,
            params,
          );
          await client.query("CLOSE ALL");
          await commitPosition(sync.id, first.value, { status: "succeeded", failed: 0, stopped: false });
          // As run-sync.ts does after each run: the delivered set's size it left.
          let delivered = first.value.toAdd;
          await recordDelivered(sync.id, firstRun, delivered);
          // As autovacuum would after a million-row write: a full plan rewrites every member's state,
          // and until the dead rows are vacuumed each probe of sync_member_states walks past them.
          await admin.query("VACUUM ANALYZE audience_members, sync_member_states");

          type Timed = { s: number; nodeCpu: number; pgCpu: number | null };
          const samples = churns.map((n) => ({
            n,
            changed: 0,
            ops: 0,
            full: undefined as Timed | undefined,
            inc: [] as Timed[],
            limit: [] as Timed[],
          }));
          for (let rep = 0; rep < repeat; rep++) {
            for (const [i, level] of samples.entries()) {
              const n = level.n;
              await churn(admin, members, spare, n, rep * samples.length + i + 1);
              // The full diff once per level: it is the same few seconds every time, and it proves the plans agree.
              const full =
                rep === 0
                  ? await timed(() => planSync(client, input, `plan-bench-full-${i}`, { recordHoldouts: false, allowCursor: false }))
                  : null;
              if (full) await clearPlan(pool(), [`plan-bench-full-${i}`]);
              const position = (
                await admin.query<{ position: string }>("SELECT position::text FROM sync_plan_positions WHERE sync_id = $1", [sync.id])
              ).rows[0]!.position;
              const limit = await timed(() => handWrittenDiff(admin, sync.id, position));
              const runId = await createRunningRun(sync.id, "manual");
              const inc = await timed(() => planRun(client, input, runId));
              if (inc.value.kind !== "incremental") throw new Error(`expected an incremental plan, got ${inc.value.fullReason}`);
              if (full && (inc.value.toAdd !== full.value.toAdd || inc.value.toRemove !== full.value.toRemove))
                throw new Error(
                  `plans differ: incremental +${inc.value.toAdd}/-${inc.value.toRemove}, full +${full.value.toAdd}/-${full.value.toRemove}`,
                );
              // Deliver in SQL, as the batches would, and move the position.
              await admin.query(
                `DELETE FROM audience_members a USING sync_plan_items i WHERE i.run_id = $2 AND i.op = 'remove' AND a.sync_id = $1 AND a.profile_id = i.profile_id`,
                [sync.id, runId],
              );
              await admin.query(
                `INSERT INTO audience_members (sync_id, profile_id, identifier_key, email_sha256, phone_sha256, external_id)
                 SELECT $1, profile_id, identifier_key, email_sha256, phone_sha256, external_id FROM sync_plan_items WHERE run_id = $2 AND op = 'add'`,
                [sync.id, runId],
              );
              await clearPlan(pool(), [runId]);
              await commitPosition(sync.id, inc.value, { status: "succeeded", failed: 0, stopped: false });
              delivered += inc.value.toAdd - inc.value.toRemove;
              await recordDelivered(sync.id, runId, delivered);
              if (full) Object.assign(level, { full, changed: inc.value.changed ?? 0, ops: inc.value.toAdd + inc.value.toRemove });
              level.inc.push(inc);
              level.limit.push(limit);
            }
          }
          // Wall time: the median of the repeats (load disturbs it); CPU: the mean (readings are in 10 ms ticks).
          const summary = (xs: Timed[]): Timed => ({
            s: median(xs.map((x) => x.s)),
            nodeCpu: xs.reduce((t, x) => t + x.nodeCpu, 0) / xs.length,
            pgCpu: xs.some((x) => x.pgCpu === null) ? null : xs.reduce((t, x) => t + x.pgCpu!, 0) / xs.length,
          });
          const rounds = samples.map((l) => ({
            n: l.n,
            changed: l.changed,
            ops: l.ops,
            full: l.full!,
            inc: summary(l.inc),
            limit: summary(l.limit),
          }));
          const f = (x: number) => x.toFixed(3);
          const cpu = (t: { nodeCpu: number; pgCpu: number | null }) =>
            `${t.nodeCpu.toFixed(2)} / ${t.pgCpu === null ? "n/a" : t.pgCpu.toFixed(2)}`;
          const ratio = (x: number | null, y: number | null, digits = 1) =>
            x === null || y === null || y === 0 ? "n/a" : (x / y).toFixed(digits);
          const round3 = (x: number | null) => (x === null ? null : Number(x.toFixed(3)));
          const m = machine();
          const [a, b] = rounds as [(typeof rounds)[0], (typeof rounds)[0]];
          printTable(`sync plans at ${members.toLocaleString("en-US")} members (${seeded ? "seeded now" : "reused database"})`, [
            ["first run: full plan with member states (s)", f(first.s)],
            ["rounds per churn level (wall: median, CPU: mean)", String(repeat)],
            ...rounds.flatMap(
              (r) =>
                [
                  [
                    `churn ${r.n.toLocaleString("en-US")}: people changed / adds + removes`,
                    `${r.changed.toLocaleString("en-US")} / ${r.ops.toLocaleString("en-US")}`,
                  ],
                  ["  full diff (s)", f(r.full.s)],
                  ["  incremental plan (s) (target < 0.5 at 1%)", f(r.inc.s)],
                  ["  hand-written change-driven diff: the limit (s)", f(r.limit.s)],
                  [
                    "  incremental ÷ limit: wall / postgres CPU",
                    `${(r.inc.s / r.limit.s).toFixed(2)} / ${ratio(r.inc.pgCpu, r.limit.pgCpu, 2)}`,
                  ],
                  ["  full ÷ incremental", (r.full.s / r.inc.s).toFixed(1)],
                  ["  node / postgres CPU: full (s)", cpu(r.full)],
                  ["  node / postgres CPU: incremental (s)", cpu(r.inc)],
                  ["  node / postgres CPU: limit (s)", cpu(r.limit)],
                ] as [string, string][],
            ),
            // Proportional: 10x the churn, about 10x the time. The limit's own ratio shows what
            // the machine gives (it has its fixed costs too: a round trip, planning, a snapshot).
            [`churn ${a.n} ÷ churn ${b.n} (≈ ${(a.n / b.n).toFixed(0)} if proportional)`, "wall / postgres CPU"],
            ["  incremental plan", `${(a.inc.s / b.inc.s).toFixed(1)} / ${ratio(a.inc.pgCpu, b.inc.pgCpu)}`],
            ["  hand-written limit", `${(a.limit.s / b.limit.s).toFixed(1)} / ${ratio(a.limit.pgCpu, b.limit.pgCpu)}`],
            ["load avg (1 min), cpus", `${m.load1}, ${m.cpus}`],
          ]);
          return {
            members,
            first_full_plan_s: Number(f(first.s)),
            repeats: repeat,
            ...Object.fromEntries(
              rounds.flatMap((r) => [
                [`churn_${r.n}_changed`, r.changed],
                [`churn_${r.n}_full_s`, Number(f(r.full.s))],
                [`churn_${r.n}_incremental_s`, Number(f(r.inc.s))],
                [`churn_${r.n}_limit_s`, Number(f(r.limit.s))],
                [`churn_${r.n}_incremental_postgres_cpu_s`, round3(r.inc.pgCpu)],
                [`churn_${r.n}_full_postgres_cpu_s`, round3(r.full.pgCpu)],
                [`churn_${r.n}_limit_postgres_cpu_s`, round3(r.limit.pgCpu)],
              ]),
            ),
            churn_ratio_incremental_wall: Number((a.inc.s / b.inc.s).toFixed(2)),
            churn_ratio_incremental_postgres_cpu:
              a.inc.pgCpu !== null && b.inc.pgCpu ? Number((a.inc.pgCpu / b.inc.pgCpu).toFixed(2)) : null,
            churn_ratio_limit_wall: Number((a.limit.s / b.limit.s).toFixed(2)),
            churn_ratio_limit_postgres_cpu:
              a.limit.pgCpu !== null && b.limit.pgCpu ? Number((a.limit.pgCpu / b.limit.pgCpu).toFixed(2)) : null,
            ...m,
          };
        } finally {
          client.release();
        }
      },
    );
  },
};

/**
 * The least a change-driven plan can do, by hand: the people in the change tables since the
 * position, their membership, suppression and identifiers against what the destination has.
 */
async function handWrittenDiff(c: pg.Client, syncId: string, position: string) {
  const { rows } = await c.query(
    `WITH ch AS (
       SELECT DISTINCT unnest(profile_ids) AS id FROM membership_changes WHERE xid >= $2::bigint AND segment_id IN ($3, $4)
       UNION SELECT unnest(profile_ids) FROM profile_changes WHERE xid >= $2::bigint),
     want AS (
       SELECT m.profile_id, pr.email_sha256 AS e, pr.phone_sha256 AS p FROM ch
       JOIN segment_memberships m ON m.segment_id = $3 AND m.profile_id = ch.id
       JOIN profiles pr ON pr.id = m.profile_id
       WHERE NOT EXISTS (SELECT 1 FROM segment_memberships s WHERE s.segment_id = $4 AND s.profile_id = m.profile_id)),
     have AS (SELECT a.profile_id, a.email_sha256 AS e, a.phone_sha256 AS p FROM ch JOIN audience_members a ON a.sync_id = $1 AND a.profile_id = ch.id)
     SELECT count(*) FILTER (WHERE w.profile_id IS NOT NULL AND (h.profile_id IS NULL OR (w.e, w.p) IS DISTINCT FROM (h.e, h.p))) AS adds,
            count(*) FILTER (WHERE h.profile_id IS NOT NULL AND (w.profile_id IS NULL OR (w.e, w.p) IS DISTINCT FROM (h.e, h.p))) AS removes
     FROM want w FULL JOIN have h ON h.profile_id = w.profile_id`,
    [syncId, position, SEGMENT, BUYERS],
  );
  return rows[0];
}
