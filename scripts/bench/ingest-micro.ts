import { readFileSync } from "node:fs";
import pg from "pg";
import { benchDatabase } from "./lib";

// Diagnostic (not a registered benchmark): backend CPU and WAL per event of the ingest writer's
// event insert under variants, one 500-row statement at a time, on a fresh durable database.
//   npx tsx scripts/bench/ingest-micro.ts
// Reads the backend's own /proc CPU, so other load on the machine barely moves the figures.

const STATEMENTS = Number(process.env.STATEMENTS ?? 80);
const BATCH = 500;
const USERS = 20_000;

const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
};

let seq = 0;
function events(ids: string[]) {
  const rows = [];
  for (let i = 0; i < BATCH; i++) {
    const n = ++seq;
    rows.push({
      profile_id: ids[Math.floor(Math.random() * ids.length)]!,
      anonymous_id: null,
      type: "track",
      name: ["Product Viewed", "Product Added", "Checkout Started", "Order Completed", "Page Scrolled"][n % 5]!,
      properties: { sku: `SKU-${n % 5000}`, price: (n % 9000) / 100, currency: "USD", quantity: 1 + (n % 4) },
      message_id: `m-${process.pid}-${n}`,
      occurred_at: new Date().toISOString(),
    });
  }
  return rows;
}

async function main() {
  const db = await benchDatabase(undefined, undefined, "durable");
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO profiles (external_id, attributes, first_seen_at, last_seen_at, updated_at)
       SELECT 'user-' || g, '{}', now(), now(), now() FROM generate_series(0, ${USERS - 1}) g`,
    );
    const ids = (await c.query<{ id: string }>(`SELECT id::text FROM profiles`)).rows.map((r) => r.id);
    const pid = (await c.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid;
    const { INSERT_EVENTS_SQL, eventsParams } = await import("@/lib/ingest/write/event-sql");
    const variants: Record<string, { setup?: string; teardown?: string; run?: (rows: ReturnType<typeof events>) => Promise<unknown> }> =
      JSON.parse(process.env.VARIANTS ?? "null") ?? {};
    const base = async (rows: ReturnType<typeof events>) => c.query(INSERT_EVENTS_SQL, eventsParams(rows, null, new Date()));
    if (process.env.AB) {
      // Alternating A/B of the same statement, EXPLAIN ANALYZE timings summed: with the foreign key
      // (as before migration 20261201222500) and without it (the batch's event fence instead).
      const FK = `ALTER TABLE events ADD CONSTRAINT events_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES profiles(id) NOT VALID`;
      const sums: Record<string, { exec: number; fk: number; n: number }> = {};
      for (let round = 0; round < Number(process.env.AB); round++) {
        for (const variant of ["with foreign key", "event fence only"]) {
          if (variant === "with foreign key") await c.query(FK);
          const { rows } = await c.query(
            `EXPLAIN (ANALYZE, FORMAT JSON) ${INSERT_EVENTS_SQL}`,
            eventsParams(events(ids), null, new Date()),
          );
          if (variant === "with foreign key") await c.query(`ALTER TABLE events DROP CONSTRAINT events_profile_id_fkey`);
          const plan = rows[0]["QUERY PLAN"][0];
          const s0 = (sums[variant] ??= { exec: 0, fk: 0, n: 0 });
          s0.exec += plan["Execution Time"];
          s0.fk += (plan.Triggers ?? [])
            .filter((t: { "Constraint Name"?: string }) => t["Constraint Name"])
            .reduce((t: number, x: { Time: number }) => t + x.Time, 0);
          s0.n += BATCH;
        }
      }
      for (const [k, v] of Object.entries(sums))
        console.log(
          `${k.padEnd(22)} statement ${((v.exec * 1000) / v.n).toFixed(1)} µs/event, foreign-key trigger ${((v.fk * 1000) / v.n).toFixed(1)}`,
        );
      return;
    }
    const all: [string, { setup?: string; teardown?: string }][] = [["current", {}], ...Object.entries(variants)];
    for (const [name, v] of all) {
      if (v.setup) await c.query(v.setup);
      for (let i = 0; i < 10; i++) await base(events(ids)); // warm
      const batches = Array.from({ length: STATEMENTS }, () => events(ids));
      const cpu0 = cpuMs(pid);
      const wal0 = (await c.query(`SELECT pg_current_wal_lsn() AS l`)).rows[0].l;
      for (const b of batches) await base(b);
      const cpu = cpuMs(pid) - cpu0;
      const wal = (await c.query(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::float8 AS b`, [wal0])).rows[0].b;
      // The rollup's fold of what this variant stored, measured apart.
      const f0 = cpuMs(pid);
      const { fold: foldRollup } = await import("@/lib/segments/sql/rollup-catch-up");
      const { folded } = await foldRollup(c);
      const fold = cpuMs(pid) - f0;
      const n = STATEMENTS * BATCH;
      console.log(
        `${name.padEnd(28)} insert ${((cpu * 1000) / n).toFixed(1)} µs/event, WAL ${Math.round(wal / n)} B/event; fold ${((fold * 1000) / n).toFixed(1)} µs/event (${folded} rows folded)`,
      );
      if (v.teardown) await c.query(v.teardown);
    }
    if (process.env.EXPLAIN) {
      const { FOLD_SQL } = await import("@/lib/segments/sql/rollup-catch-up");
      const { rows: position } = await c.query(`SELECT xid::text FROM segment_rollup_state`);
      const show = async (sql: string, params?: unknown[]) =>
        console.log((await c.query(`EXPLAIN (ANALYZE, BUFFERS, WAL) ${sql}`, params)).rows.map((r) => r["QUERY PLAN"]).join("\n"));
      for (let i = 0; i < 40; i++) await base(events(ids));
      await show(INSERT_EVENTS_SQL, eventsParams(events(ids), null, new Date()));
      await show(FOLD_SQL, [position[0].xid]);
    }
  } finally {
    await c.end();
    await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
