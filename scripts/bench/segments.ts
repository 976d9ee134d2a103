import { readFileSync } from "node:fs";
import pg from "pg";
import { generatePerson } from "@/lib/demo/generate";
import { seedDemo } from "@/lib/demo/seed";
import { intFlag, stringFlag, type Flags } from "../lib/args";
import { benchDatabase, machine, peakRssMb, printTable, type Benchmark } from "./lib";

// Segment evaluation at scale, per playbook template: the preview count (the compiled query
// the builder runs as you type; median of 3 after one warm-up), the full builder preview
// (count, funnel, sample, coverage, lints), the first refresh (materializes every member
// and writes one transition each) and a second refresh (the steady state: a diff with
// little to change). Issue 4 targets at 1M profiles / 20M events: preview ≤ 1 s, full
// refresh ≤ 2 s. Postgres is the one doing the work, so "peak memory" is its backend's
// peak RSS for the template (shared buffers it touched included), beside this process's.

/** Days of demo history that give about `events` events for `profiles` people (the generator is pure: sample it). */
function daysFor(profiles: number, events: number): number {
  const perPerson = (days: number) => {
    let n = 0;
    for (let i = 0; i < 400; i++)
      n += generatePerson({ profiles, days, seed: 42, now: Date.now() }, i * Math.max(1, Math.floor(profiles / 400))).events.length;
    return n / 400;
  };
  let [lo, hi] = [3, 365];
  for (let k = 0; k < 12; k++) {
    const mid = Math.round((lo + hi) / 2);
    if (perPerson(mid) * profiles < events) lo = mid;
    else hi = mid;
  }
  return hi;
}

function backendPeakMb(pid: number): number | null {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const segmentsBenchmark: Benchmark = {
  description: "segment preview and refresh time per playbook template at scale",
  usage: "npm run bench -- segments [--profiles 100000] [--events 2000000] [--database-url URL (reused if already seeded)]",
  async run(flags: Flags) {
    const profiles = intFlag(flags, "profiles", 100_000);
    const events = intFlag(flags, "events", profiles * 20);
    const database = await benchDatabase(stringFlag(flags, "database-url"));
    process.env.DATABASE_URL = database.url;
    process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-01";
    process.env.ENCRYPTION_KEY ??= "be".repeat(32);
    process.env.LOG_LEVEL = "warn";
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const setup: [string, string | number][] = [];
      const existing = Number((await admin.query(`SELECT count(*) FROM profiles`)).rows[0].count);
      if (existing < profiles) {
        if (existing > 0) throw new Error(`The database has ${existing} profiles, fewer than --profiles ${profiles}; use an empty one.`);
        const days = daysFor(profiles, events);
        console.log(
          `  seeding ${profiles.toLocaleString("en-US")} profiles over ${days} days (aiming at ~${events.toLocaleString("en-US")} events)...`,
        );
        const seeded = await seedDemo({ databaseUrl: database.url, profiles, days, seed: 42 });
        setup.push(["seed (s)", (seeded.ms / 1000).toFixed(0)], ["days of history", days]);
      }
      let t = performance.now();
      await admin.query("VACUUM (ANALYZE) events");
      await admin.query("VACUUM (ANALYZE) profiles");
      setup.push(["vacuum + analyze (s)", ((performance.now() - t) / 1000).toFixed(1)]);
      // Imported late: lib/db reads DATABASE_URL when first used.
      const { catchUpEventRollup } = await import("@/lib/segments/sql/rollup-catch-up");
      const { disconnectDb } = await import("@/lib/db");
      t = performance.now();
      const rollupPool = new pg.Pool({ connectionString: database.url, max: 1 });
      const caught = await catchUpEventRollup(rollupPool);
      await rollupPool.end();
      await admin.query("VACUUM (ANALYZE) profile_event_last");
      setup.push(["event rollup build (s)", caught ? ((performance.now() - t) / 1000).toFixed(1) : "up to date"]);
      const counts = (await admin.query(`SELECT (SELECT count(*) FROM profiles)::int AS p, (SELECT count(*) FROM events)::int AS e`))
        .rows[0];
      printTable(`segments bench setup: ${counts.p.toLocaleString("en-US")} profiles, ${counts.e.toLocaleString("en-US")} events`, setup);

      const results = await measureTemplates(database.url);
      await disconnectDb();
      const rows = results.flatMap(
        (r) =>
          [
            [`${r.key}`, `${r.members.toLocaleString("en-US")} members`],
            [`  preview count (ms)`, r.countMs],
            [`  full preview (ms)`, r.previewMs],
            [`  first refresh (ms)`, r.firstRefreshMs],
            [`  next refresh (ms)`, r.nextRefreshMs],
            [`  postgres peak (MB)`, r.backendPeakMb ?? "n/a"],
          ] as [string, string | number][],
      );
      const m = machine();
      printTable("segments: per template", [
        ...rows,
        ["node peak RSS (MB)", peakRssMb()],
        ["load avg (1 min), cpus", `${m.load1}, ${m.cpus}`],
      ]);
      const figures: Record<string, number | string | null> = { profiles: counts.p, events: counts.e, peak_rss_mb: peakRssMb(), ...m };
      for (const r of results) {
        const k = r.key.replace(/-/g, "_");
        Object.assign(figures, {
          [`${k}_members`]: r.members,
          [`${k}_count_ms`]: r.countMs,
          [`${k}_preview_ms`]: r.previewMs,
          [`${k}_refresh_ms`]: r.firstRefreshMs,
          [`${k}_next_refresh_ms`]: r.nextRefreshMs,
          [`${k}_pg_peak_mb`]: r.backendPeakMb,
        });
      }
      figures.max_count_ms = Math.max(...results.map((r) => r.countMs));
      figures.max_refresh_ms = Math.max(...results.map((r) => r.firstRefreshMs));
      return figures;
    } finally {
      await admin.end();
      await database.close();
    }
  },
};

async function measureTemplates(url: string) {
  const { TEMPLATES } = await import("@/lib/segments/templates");
  const { compileSegment, countSql } = await import("@/lib/segments/sql/compile");
  const { tuneSession } = await import("@/lib/segments/sql/session");
  const { previewSegment } = await import("@/lib/segments/preview");
  const { refreshSegment } = await import("@/lib/segments/refresh/refresh-segment");
  const { systemActor } = await import("@/lib/auth/actor");
  const out = [];
  for (const t of TEMPLATES) {
    // One connection per template, so its backend's peak memory is this template's.
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const client = await pool.connect();
      const pid = (await client.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid as number;
      const times: number[] = [];
      let members = 0;
      for (let i = 0; i < 4; i++) {
        const compiled = compileSegment(t.definition, { now: Date.now() });
        await client.query("BEGIN");
        await tuneSession(client);
        const started = performance.now();
        members = (await client.query(countSql(compiled), compiled.params)).rows[0].count;
        if (i > 0) times.push(performance.now() - started);
        await client.query("COMMIT");
      }
      client.release();
      let started = performance.now();
      await previewSegment(systemActor("bench"), { definition: t.definition });
      const previewMs = performance.now() - started;
      const id = `bench_${t.key}`;
      await pool.query(`DELETE FROM segments WHERE id = $1`, [id]);
      await pool.query(`INSERT INTO segments (id, name, definition, cap_days, updated_at) VALUES ($1, $2, $3, $4, now())`, [
        id,
        t.name,
        t.definition,
        t.definition.cap?.days ?? null,
      ]);
      started = performance.now();
      await refreshSegment(id, { trigger: "bench", db: pool });
      const firstRefreshMs = performance.now() - started;
      started = performance.now();
      await refreshSegment(id, { trigger: "bench", db: pool, now: Date.now() + 60_000 });
      const nextRefreshMs = performance.now() - started;
      out.push({
        key: t.key,
        members,
        countMs: Math.round(median(times)),
        previewMs: Math.round(previewMs),
        firstRefreshMs: Math.round(firstRefreshMs),
        nextRefreshMs: Math.round(nextRefreshMs),
        backendPeakMb: backendPeakMb(pid),
      });
    } finally {
      await pool.end();
    }
  }
  return out;
}
