import type { ChildProcess } from "node:child_process";
import { intFlag, stringFlag, type Flags } from "../lib/args";
import { percentile, post, runLoad, type LoadOptions, type LoadStats } from "./ingest-load";
import { benchDatabase, benchEnv, machine, printTable, type Benchmark } from "./lib";
import { procCpuMs, spawnChild, stopChild } from "./streams";

// Event to audience (issue 16 item 1): how long after a Segment API call answers 200 the person
// reaches a destination whose segment reads that event. On one fresh database:
//   - a live webhook sync of "Started checkout" (did Checkout Started in the last day) to a local
//     receiver in its own process, which notes when each member first arrives (signatures checked);
//   - the real worker (every job, the delivery loop and the near-real-time pass) and the real
//     ingest routes, each in its own process, at default settings;
// 1. ingest throughput: the Segment batch API saturated with the worker's near-real-time pass
//    off, then on (the load includes Checkout Started, so the pass has real work);
// 2. latency: a steady --rate of Checkout Started events, each for a person not yet in the
//    segment, for --seconds; per event, the receiver's arrival minus the moment the API answered.
// Target: p95 under 60 s, and ingest within 5% of its throughput without the pass.

const SECRET = "bench-latency-signing-secret-0123456789";
const EVENT = "Checkout Started";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number) => Number((ms / 1000).toFixed(1));

type Arrivals = { arrivals: Record<string, number>; members: number; badSignatures: number };

export const latencyBenchmark: Benchmark = {
  description: "event to audience: p50/p95/max from the Segment API's 200 to the webhook receiver, and ingest with the near-real-time pass",
  usage:
    "npm run bench -- latency [--rate 20] [--seconds 120] [--users 5000] [--ingest-seconds 10] [--clients 4] [--settle-seconds 120] [--database-url URL]",
  async run(flags: Flags) {
    const rate = intFlag(flags, "rate", 20);
    const seconds = intFlag(flags, "seconds", 120);
    const users = intFlag(flags, "users", 5_000);
    const ingestSeconds = intFlag(flags, "ingest-seconds", 10);
    const settleSeconds = intFlag(flags, "settle-seconds", 120);
    const db = await benchDatabase(stringFlag(flags, "database-url"));
    const env = benchEnv(db.url, { BENCH_SECRET: SECRET });
    const children: ChildProcess[] = [];
    try {
      const { pool, disconnectDb } = await import("@/lib/db");
      pool().on("error", () => {});
      const { systemActor } = await import("@/lib/auth/actor");
      const { createSource } = await import("@/lib/sources/manage-sources");
      const { makeDestination, makeSync } = await import("@/lib/sync/testing/fixtures");
      const receiver = await spawnChild("scripts/bench/latency-receiver.ts", env);
      children.push(receiver.proc);
      const rxInfo = JSON.parse(receiver.first) as { url: string; control: string };
      const rx = async () => (await fetch(`${rxInfo.control}/arrivals`)).json() as Promise<Arrivals>;
      const server = await spawnChild("scripts/bench/ingest-server.ts", env);
      children.push(server.proc);
      const port = JSON.parse(server.first).port as number;
      const source = await createSource(systemActor("bench"), { name: "Bench" });

      // The segment and its live sync, as a marketer would set them up.
      const definition = {
        version: 1,
        match: "all",
        conditions: [{ type: "event", event: EVENT, performed: true, window: { type: "last", amount: 1, unit: "days" } }],
      };
      await pool().query(
        `INSERT INTO segments (id, name, definition, updated_at) VALUES ('started_checkout', 'Started checkout', $1, now())`,
        [JSON.stringify(definition)],
      );
      const destination = await makeDestination("webhook", { url: rxInfo.url, batchSize: 1000 }, { signingSecret: SECRET });
      const sync = await makeSync({ segmentId: "started_checkout", destinationId: destination.id, identifiers: ["email"] });
      // The people the latency phase sends for: known customers (email, external id), not yet in the segment.
      const latencyPeople = rate * seconds;
      await pool().query(
        `INSERT INTO profiles (external_id, email, email_sha256)
         SELECT 'lat-' || i, 'lat' || i || '@example.com', encode(sha256(convert_to('lat' || i || '@example.com', 'UTF8')), 'hex')
           FROM generate_series(1, $1) i`,
        [latencyPeople],
      );

      const startWorker = async (realtimeSeconds?: number) => {
        const w = await spawnChild("scripts/bench/latency-worker.ts", {
          ...env,
          ...(realtimeSeconds === undefined ? {} : { SEGMENTS_REALTIME_SECONDS: String(realtimeSeconds) }),
        });
        children.push(w.proc);
        return w.proc;
      };

      // ---- 1. Ingest throughput, near-real-time pass off and on ------------------------------
      const load: LoadOptions = {
        ports: [port],
        writeKey: source.writeKey,
        clients: intFlag(flags, "clients", 4),
        batchSize: 500,
        users,
        identifyShare: 0.05,
        anonymousShare: 0.2,
      };
      type Block = { events: number; s: number; lat: number[]; failures: number; workerCpuS: number; pgCpuS: number | null };
      const block = async (label: string, realtimeSeconds?: number): Promise<Block> => {
        const worker = await startWorker(realtimeSeconds);
        const length = Math.max(1, Math.round(ingestSeconds / 2));
        console.log(`  ingest, ${label}: 3 s warm-up + ${length} s`);
        await runLoad(load, Date.now() + 3_000, { requests: 0, events: 0, failures: 0, latenciesMs: [] });
        const stats: LoadStats = { requests: 0, events: 0, failures: 0, latenciesMs: [] };
        const cpu0 = { worker: procCpuMs(worker.pid!), pg: db.serverCpuMs() };
        const t0 = performance.now();
        await runLoad(load, Date.now() + length * 1000, stats);
        const s = (performance.now() - t0) / 1000;
        const pg1 = db.serverCpuMs();
        const out = {
          events: stats.events,
          s,
          lat: stats.latenciesMs,
          failures: stats.failures,
          workerCpuS: (procCpuMs(worker.pid!) - cpu0.worker) / 1000,
          pgCpuS: cpu0.pg === null || pg1 === null ? null : (pg1 - cpu0.pg) / 1000,
        };
        await stopChild(worker);
        return out;
      };
      const sum = (blocks: Block[]) => {
        const lat = blocks.flatMap((b) => b.lat).sort((a, b) => a - b);
        const pg = blocks.some((b) => b.pgCpuS === null) ? null : blocks.reduce((n, b) => n + b.pgCpuS!, 0);
        return {
          eventsPerS: Math.round(blocks.reduce((n, b) => n + b.events, 0) / blocks.reduce((n, b) => n + b.s, 0)),
          p99: Math.round(percentile(lat, 99)),
          failures: blocks.reduce((n, b) => n + b.failures, 0),
          workerCpuS: Number(blocks.reduce((n, b) => n + b.workerCpuS, 0).toFixed(1)),
          pgCpuS: pg === null ? null : Number(pg.toFixed(1)),
        };
      };
      // Most users exist before either measurement, so neither pays for creating them.
      const cover: LoadStats = { requests: 0, events: 0, failures: 0, latenciesMs: [] };
      for (const until = Date.now() + 60_000; cover.events < users * 3 && Date.now() < until;)
        await runLoad(load, Date.now() + 1_000, cover);
      // Alternating blocks, so a machine that gets busier or a table that grows weighs on both alike.
      const offBlocks: Block[] = [];
      const onBlocks: Block[] = [];
      for (let round = 1; round <= 2; round++) {
        offBlocks.push(await block(`round ${round}, near-real-time pass off`, 0));
        onBlocks.push(await block(`round ${round}, near-real-time pass on (default)`));
      }
      const [off, on] = [sum(offBlocks), sum(onBlocks)];
      const ingestRatio = Number((on.eventsPerS / off.eventsPerS).toFixed(3));

      // ---- 2. Latency at a steady rate, default settings --------------------------------------
      await startWorker();
      // Let the load's own audience reach the receiver first: the latency phase measures steady state.
      const delivered = async () =>
        Number((await pool().query(`SELECT count(*)::int AS n FROM audience_members WHERE sync_id = $1`, [sync.id])).rows[0].n);
      // Settled: the delivered audience has not moved for 20 s (a pass, a sync slot and a run).
      let t = Date.now();
      let last = { n: -1, since: Date.now() };
      while (Date.now() - t < settleSeconds * 1000) {
        const sent = await delivered();
        if (sent !== last.n) last = { n: sent, since: Date.now() };
        else if (sent > 0 && Date.now() - last.since >= 20_000) break;
        await sleep(1_000);
      }
      const settleS = secs(Date.now() - t);
      console.log(
        `  steady ${rate} ${EVENT} events/s for ${seconds} s, each for a person not yet in the segment (settled in ${settleS} s)`,
      );
      const auth = `Basic ${Buffer.from(`${source.writeKey}:`).toString("base64")}`;
      const perTick = Math.max(1, Math.round(rate / 10));
      const answered = new Map<string, number>(); // external id -> when the API answered 200
      const inFlight = new Set<Promise<void>>();
      let next = 1;
      let failed = 0;
      const t0 = Date.now();
      for (let k = 0; k < seconds * 10 && next <= latencyPeople; k++) {
        const due = t0 + k * 100;
        if (due > Date.now()) await sleep(due - Date.now());
        const ids = Array.from({ length: Math.min(perTick, latencyPeople - next + 1) }, () => `lat-${next++}`);
        const now = new Date().toISOString();
        const batch = ids.map(
          (id, i) =>
            `{"type":"track","event":"${EVENT}","userId":"${id}","messageId":"lat-${id}-${i}","timestamp":"${now}","properties":{"value":42}}`,
        );
        const body = `{"batch":[${batch.join(",")}],"writeKey":"${source.writeKey}","sentAt":"${now}"}`;
        const p: Promise<void> = post(port, auth, body)
          .then((status) => {
            const at = Date.now();
            if (status === 200) for (const id of ids) answered.set(id, at);
            else failed += ids.length;
          })
          .catch(() => void (failed += ids.length))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await Promise.all(inFlight);
      const sendS = (Date.now() - t0) / 1000;
      const keyOf = new Map(
        (
          await pool().query<{ id: string; external_id: string }>(
            `SELECT id::text, external_id FROM profiles WHERE external_id = ANY($1::text[])`,
            [[...answered.keys()]],
          )
        ).rows.map((r) => [r.external_id, r.id]),
      );
      t = Date.now();
      let arrived = await rx();
      const missing = () => [...answered.keys()].filter((id) => arrived.arrivals[keyOf.get(id) ?? ""] === undefined).length;
      while (missing() > 0 && Date.now() - t < 180_000) {
        await sleep(1_000);
        arrived = await rx();
      }
      const latencies = [...answered]
        .map(([id, at]) => arrived.arrivals[keyOf.get(id) ?? ""]! - at)
        .filter((ms) => !Number.isNaN(ms))
        .sort((a, b) => a - b);
      const transitions = Number(
        (await pool().query(`SELECT count(*)::int AS n FROM segment_transitions WHERE segment_id = 'started_checkout'`)).rows[0].n,
      );
      const runs = await pool().query<{ trigger: string; n: number }>(
        `SELECT trigger::text, count(*)::int AS n FROM sync_runs WHERE sync_id = $1 GROUP BY 1 ORDER BY 1`,
        [sync.id],
      );
      await disconnectDb();

      const figures = {
        ingest_users: users,
        ingest_seconds: ingestSeconds,
        ingest_pass_off_events_per_s: off.eventsPerS,
        ingest_pass_on_events_per_s: on.eventsPerS,
        ingest_ratio_on_off: ingestRatio,
        ingest_pass_off_p99_ms: off.p99,
        ingest_pass_on_p99_ms: on.p99,
        ingest_failures: off.failures + on.failures,
        worker_cpu_pass_off_s: off.workerCpuS,
        worker_cpu_pass_on_s: on.workerCpuS,
        postgres_cpu_pass_off_s: off.pgCpuS,
        postgres_cpu_pass_on_s: on.pgCpuS,
        rate,
        seconds,
        achieved_rate: Number((answered.size / sendS).toFixed(1)),
        events_answered: answered.size,
        send_failures: failed,
        arrived: latencies.length,
        never_arrived: answered.size - latencies.length,
        latency_p50_s: secs(percentile(latencies, 50)),
        latency_p95_s: secs(percentile(latencies, 95)),
        latency_max_s: secs(latencies.at(-1) ?? 0),
        target_p95_s: 60,
        ratio_p95_to_target: Number((percentile(latencies, 95) / 60_000).toFixed(2)),
        settle_s: settleS,
        segment_transitions: transitions,
        sync_runs: runs.rows.map((r) => `${r.trigger} ${r.n}`).join(", "),
        bad_signatures: arrived.badSignatures,
        ...machine(),
      };
      const n = (v: number) => v.toLocaleString("en-US");
      printTable(`latency: ${EVENT} → "Started checkout" → webhook, default settings`, [
        ["ingest events/s, pass off / on", `${n(off.eventsPerS)} / ${n(on.eventsPerS)}`],
        ["ingest on/off ratio (target ≥ 0.95)", ingestRatio],
        ["ingest p99 ms, pass off / on", `${off.p99} / ${on.p99}`],
        ["worker CPU s, pass off / on", `${off.workerCpuS} / ${on.workerCpuS}`],
        ["Postgres CPU s, pass off / on", `${off.pgCpuS ?? "n/a"} / ${on.pgCpuS ?? "n/a"}`],
        [`steady rate (events/s), asked / achieved`, `${rate} / ${figures.achieved_rate}`],
        ["events answered 200 / arrived / never arrived", `${n(answered.size)} / ${n(latencies.length)} / ${figures.never_arrived}`],
        ["200 → receiver p50 / p95 (s)", `${figures.latency_p50_s} / ${figures.latency_p95_s}`],
        ["p95 vs target 60 s", `${figures.ratio_p95_to_target}x`],
        ["200 → receiver max (s)", figures.latency_max_s],
        ["sync runs by trigger", figures.sync_runs],
        ["load avg (1 min), cpus", `${figures.load1}, ${figures.cpus}`],
      ]);
      return figures;
    } finally {
      await Promise.all(children.map(stopChild));
      await db.close();
    }
  },
};
