import type pg from "pg";
import { intFlag, type Flags } from "../lib/args";
import { machine, median, nodeCpuMs, printTable, runSeeded, type Benchmark } from "./lib";

// Measurement at scale (issue 15): the overlap matrix of 10 segments and a sync's lift report
// over N profiles. The segments hold 10% to 55% of everyone (3.25 members per person at 1M);
// the sync delivered 90% of them in 10,000-person batches and held out 10%, and about 11% of
// people completed an order (with revenue) in the week after entry, a fifth of them twice.
// Reported: the median of 3 calls of each, through the same functions the API serves.
// Targets at 1M profiles: overlap under 2 s, lift under 1 s. With `--data-dir DIR` the seeded
// database is kept and the next run with the same --profiles measures it again without seeding.

const SEGMENTS = 10;

/** A reused database that already holds this seed at this size. */
async function isSeeded(c: pg.Client, profiles: number): Promise<boolean> {
  const { rows } = await c.query(`SELECT (SELECT count(*) FROM profiles)::int AS n, EXISTS (SELECT 1 FROM syncs WHERE id = 'bsync') AS s`);
  return rows[0].s && rows[0].n === profiles;
}

export async function seed(c: pg.Client, profiles: number) {
  await c.query(
    `INSERT INTO profiles (id, email, created_at) SELECT i, 'b' || i || '@example.com', now() AT TIME ZONE 'UTC' - interval '60 days'
    FROM generate_series(1, $1::int) i`,
    [profiles],
  );
  await c.query(`INSERT INTO segments (id, name, definition, updated_at)
    SELECT 'bseg' || k, 'Bench segment ' || k, '{"conditions":[]}', now() FROM generate_series(0, ${SEGMENTS - 1}) k`);
  // Segment k: people whose (id × a large odd number + k × 7919) mod 100 < 10 + 5k, i.e. 10%..55%, overlapping irregularly.
  await c.query(
    `INSERT INTO segment_memberships (segment_id, profile_id, entered_at)
    SELECT 'bseg' || k, i, now() AT TIME ZONE 'UTC' - interval '30 days'
    FROM generate_series(0, ${SEGMENTS - 1}) k, generate_series(1, $1::int) i
    WHERE ((i::bigint * 2654435761 + k * 7919) % 100) < 10 + 5 * k
    ORDER BY 1, 2`,
    [profiles],
  );
  await c.query(`INSERT INTO destinations (id, name, kind, settings, updated_at) VALUES ('bdest', 'Bench', 'webhook', '{}', now())`);
  await c.query(`INSERT INTO syncs (id, name, segment_id, destination_id, state, remote_audience_name, holdout_percent, updated_at)
    VALUES ('bsync', 'Bench sync', 'bseg0', 'bdest', 'live', 'bench', 10, now())`);
  await c.query(`INSERT INTO sync_runs (id, sync_id, trigger, status) VALUES ('brun', 'bsync', 'manual', 'succeeded')`);
  const entered = "now() AT TIME ZONE 'UTC' - interval '20 days'";
  // Held out: id mod 10 = 0; delivered: the rest, in batches of 10,000 (as the engine records them).
  await c.query(
    `INSERT INTO sync_holdouts (sync_id, profile_id, holdout_percent, held_at)
    SELECT 'bsync', i, 10, ${entered} FROM generate_series(10, $1::int, 10) i`,
    [profiles],
  );
  await c.query(
    `INSERT INTO sync_run_batches (id, run_id, seq, op, size, status, started_at, finished_at, profile_ids, reasons)
     SELECT 'bb' || g, 'brun', g, 'add', count(*), 'succeeded', ${entered}, ${entered}, array_agg(i ORDER BY i), array_agg('entered'::text)
     FROM (SELECT i, i / 10000 AS g FROM generate_series(1, $1::int) i WHERE i % 10 <> 0) x GROUP BY g`,
    [profiles],
  );
  await c.query(
    `INSERT INTO audience_members (sync_id, profile_id, identifier_key, added_at, entered_at)
    SELECT 'bsync', i, 'email', ${entered}, ${entered} FROM generate_series(1, $1::int) i WHERE i % 10 <> 0`,
    [profiles],
  );
  // Orders: ~12% of delivered people and ~10% of held-out ones, within 6 days of entry; a fifth of them order twice.
  await c.query(
    `INSERT INTO events (profile_id, name, properties, occurred_at)
    SELECT i, 'order_completed', jsonb_build_object('revenue', 20 + (i * 37) % 60), ${entered} + make_interval(hours => 1 + (i * 13) % 140 + n * 3)
    FROM generate_series(1, $1::int) i, generate_series(0, 1) n
    WHERE ((i * 7) % 100) < CASE WHEN i % 10 = 0 THEN 10 ELSE 12 END AND (n = 0 OR (i * 11) % 5 = 0)`,
    [profiles],
  );
  // Other events, so the conversion lookup has to pick its name out of a busier table.
  await c.query(
    `INSERT INTO events (profile_id, name, occurred_at)
    SELECT i, 'product_viewed', ${entered} + make_interval(hours => (i * 17) % 400) FROM generate_series(1, $1::int, 2) i`,
    [profiles],
  );
  await c.query("ANALYZE");
}

export const overlapBenchmark: Benchmark = {
  description: "measurement: the overlap matrix of 10 segments and a sync's lift report over N profiles",
  usage: "npm run bench -- overlap [--profiles 1000000] [--database-url URL | --data-dir DIR]",
  async run(flags: Flags) {
    const profiles = intFlag(flags, "profiles", 1_000_000);
    return runSeeded(
      flags,
      { isSeeded: (c) => isSeeded(c, profiles), run: (c) => seed(c, profiles) },
      async ({ database, seedMs, seeded }) => {
        const { systemActor } = await import("@/lib/auth/actor");
        const { computeOverlap } = await import("@/lib/measurement/overlap");
        const { syncLiftReport } = await import("@/lib/measurement/lift-report");
        const actor = systemActor("bench");
        const items = Array.from({ length: SEGMENTS }, (_, k) => ({ kind: "segment" as const, id: `bseg${k}` }));
        // Wall time, and the Postgres CPU time the call used (on a busy machine the wall time
        // includes waiting for a core; the CPU time is what the query itself costs).
        const time = async <T>(f: () => Promise<T>) => {
          const ms: number[] = [];
          const cpu: number[] = [];
          const node: number[] = [];
          let last: T | undefined;
          for (let i = 0; i < 3; i++) {
            const c0 = database.serverCpuMs();
            const n0 = nodeCpuMs();
            const t = performance.now();
            last = await f();
            ms.push(Math.round(performance.now() - t));
            node.push(Math.round(nodeCpuMs() - n0));
            const c1 = database.serverCpuMs();
            if (c0 !== null && c1 !== null) cpu.push(c1 - c0);
          }
          return { ms: median(ms), cpuMs: cpu.length ? median(cpu) : null, nodeMs: median(node), last: last! };
        };
        const overlap = await time(() => computeOverlap(actor, { items }));
        const lift = await time(() => syncLiftReport(actor, "bsync"));
        const members = overlap.last.items.reduce((n, i) => n + i.size, 0);
        printTable("Measurement", [
          ["profiles", profiles],
          ["segment members (10 segments)", members],
          ["seed time", seeded ? `${(seedMs / 1000).toFixed(1)} s` : "reused"],
          [
            "overlap matrix, 10 segments (median of 3)",
            `${overlap.ms} ms (CPU: Postgres ${overlap.cpuMs ?? "?"} ms, Node ${overlap.nodeMs} ms)`,
          ],
          ["lift report (median of 3)", `${lift.ms} ms (CPU: Postgres ${lift.cpuMs ?? "?"} ms, Node ${lift.nodeMs} ms)`],
          ["load average (1 min)", machine().load1],
          ["  treated / held out", `${lift.last.treated.people} / ${lift.last.control.people}`],
          ["  verdict", lift.last.statistics.sentence],
          ["targets", "overlap < 2000 ms, lift < 1000 ms"],
        ]);
        const m = machine();
        return {
          profiles,
          segment_members: members,
          seed_ms: seedMs,
          overlap_ms: overlap.ms,
          lift_ms: lift.ms,
          overlap_cpu_ms: overlap.cpuMs,
          lift_cpu_ms: lift.cpuMs,
          overlap_node_cpu_ms: overlap.nodeMs,
          lift_node_cpu_ms: lift.nodeMs,
          treated: lift.last.treated.people,
          held_out: lift.last.control.people,
          verdict: lift.last.statistics.verdict,
          under_target: overlap.ms < 2000 && lift.ms < 1000,
          cpus: m.cpus,
          load1: m.load1,
        };
      },
    );
  },
};
