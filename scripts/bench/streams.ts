import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { intFlag, stringFlag, type Flags } from "../lib/args";
import { NAMES, batchBody, percentile, post, runLoad, type LoadOptions, type LoadStats } from "./ingest-load";
import { benchDatabase, benchEnv, machine, printTable, type Benchmark, type BenchDatabase } from "./lib";
import { setupPeople, storeEngagementEvents } from "./streams-setup";

// Event streams through the delivery ledger (issue 11), three measurements on one fresh database:
// 1. Forwarding: N engagement events stored in one statement after one webhook stream was created
//    to a local receiver (another process, every signature verified); delivery worker process(es)
//    run the real loop (fan-out, batching, signing, sending, recording). Events/s from the first to
//    the last batch kept at the receiver, fan-out time apart, CPU per process. Target ≥ 20,000/s.
// 2. Ingest overhead: events/s through the Segment batch API with the worker running and no stream,
//    then with one stream forwarding every ingested event. Target: within 15%.
// 3. Lag: a steady --rate events/s through the Segment API for --lag-seconds; the receiver's
//    (kept at − received_at) per event, p50/p90/p99/max. Target p99 < 5 s.

const SECRET = "whsec_" + Buffer.from("bench-streams-signing-secret-0123456789").toString("base64");

type ReceiverStats = {
  eventsKept: number;
  keptRequests: number;
  duplicateRequests: number;
  badSignatures: number;
  faulted: number;
  lag: { count: number; p50: number; p90: number; p99: number; max: number };
  firstKeptAt: number | null;
  lastKeptAt: number | null;
  cpuMs: number;
};

export function procCpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
}

export function spawnChild(
  script: string,
  env: NodeJS.ProcessEnv,
  onLine?: (line: string) => void,
): Promise<{ proc: ChildProcess; first: string }> {
  const proc = spawn(process.execPath, ["--import", "tsx", script], { env, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let first: string | null = null;
    createInterface({ input: proc.stdout! }).on("line", (line) => {
      if (first === null) resolve({ proc, first: (first = line) });
      else onLine?.(line);
    });
    proc.once("exit", (code) => first === null && reject(new Error(`${script} exited with ${code}`)));
  });
}

export const stopChild = (p: ChildProcess) =>
  new Promise((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve(null) : (p.once("exit", resolve), p.kill("SIGTERM"))));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number) => Number((ms / 1000).toFixed(2));

export const streamsBenchmark: Benchmark = {
  description:
    "event streams: forward N stored engagement events to a local receiver (events/s), ingest overhead of one stream, lag at a steady rate",
  usage:
    "npm run bench -- streams [--events 1000000] [--people 50000] [--batch 500] [--workers 1] [--rate 1000] [--lag-seconds 30] [--ingest-seconds 20] [--ingest-users 20000] [--warmup 5] [--database-url URL]",
  async run(flags: Flags) {
    const events = intFlag(flags, "events", 1_000_000);
    const people = intFlag(flags, "people", 50_000);
    const batch = intFlag(flags, "batch", 500);
    const workerCount = intFlag(flags, "workers", 1);
    const rate = intFlag(flags, "rate", 1_000);
    const lagSeconds = intFlag(flags, "lag-seconds", 30);
    const ingestSeconds = intFlag(flags, "ingest-seconds", 20);
    const warmup = intFlag(flags, "warmup", 5);
    const db: BenchDatabase = await benchDatabase(stringFlag(flags, "database-url"));
    const env = benchEnv(db.url, { BENCH_SECRET: SECRET });
    const children: ChildProcess[] = [];
    try {
      const { pool, disconnectDb } = await import("@/lib/db");
      pool().on("error", () => {}); // an idle client killed when our Postgres stops must not crash us
      const { makeWebhookStream } = await import("@/lib/streams/testing/stream-fixtures");
      const receiver = await spawnChild("scripts/bench/streams-receiver.ts", env);
      children.push(receiver.proc);
      const rxUrl = receiver.first;
      const rx = async (): Promise<ReceiverStats> => (await fetch(`${rxUrl}/bench`)).json() as Promise<ReceiverStats>;
      const rxReset = () => fetch(`${rxUrl}/bench/reset`, { method: "POST" });
      const count = async (sql: string) => Number((await pool().query(sql)).rows[0].n);
      const streamSettings = { batchSize: batch, maxWaitMs: intFlag(flags, "max-wait-ms", 5_000), timeoutMs: 15_000 };

      // ---- 1. Forwarding N stored events --------------------------------------------------------
      let t = Date.now();
      await setupPeople(db.url, people);
      const stream1 = await makeWebhookStream({
        url: `${rxUrl}/events`,
        selector: { metrics: ["sent", "delivered", "opened", "clicked"] },
        settings: streamSettings,
        secret: SECRET,
      });
      await storeEngagementEvents(db.url, events, people);
      const storeMs = Date.now() - t;
      console.log(`  stored ${events.toLocaleString("en-US")} events for ${people.toLocaleString("en-US")} people in ${secs(storeMs)} s`);

      const fanouts: { fanout: number; ms: number; at: number }[] = [];
      const pg0 = db.serverCpuMs();
      const rx0 = (await rx()).cpuMs;
      const startedAt = Date.now();
      const workers = await Promise.all(
        Array.from({ length: workerCount }, () =>
          spawnChild("scripts/bench/streams-worker.ts", env, (line) => {
            if (line.startsWith("{")) fanouts.push(JSON.parse(line));
          }),
        ),
      );
      children.push(...workers.map((w) => w.proc));
      const workerCpu0 = workers.map((w) => procCpuMs(w.proc.pid!));
      let last = -1;
      for (;;) {
        const s = await rx();
        if (s.eventsKept >= events) break;
        if (s.eventsKept !== last) last = s.eventsKept;
        await sleep(250);
        if (Date.now() - (s.lastKeptAt ?? startedAt) > intFlag(flags, "stall-seconds", 120) * 1000) {
          const outbox = (
            await pool().query(`SELECT state, batch_id IS NULL AS unbatched, count(*)::int AS n FROM deliveries GROUP BY 1, 2`)
          ).rows;
          throw new Error(
            `forwarding stalled at ${s.eventsKept} of ${events} events: receiver ${JSON.stringify(s)}, outbox ${JSON.stringify(outbox)}`,
          );
        }
      }
      const r1 = await rx();
      const pg1 = db.serverCpuMs();
      const workerCpuS = workers.reduce((n, w, i) => n + procCpuMs(w.proc.pid!) - workerCpu0[i]!, 0) / 1000;
      const fanoutRows = fanouts.reduce((n, f) => n + f.fanout, 0);
      const fanoutMs = fanouts.reduce((n, f) => n + f.ms, 0);
      const fanoutEnd = Math.max(...fanouts.map((f) => f.at));
      const deliverMs = r1.lastKeptAt! - r1.firstKeptAt!;
      const totalMs = r1.lastKeptAt! - startedAt;
      // The receiver answers before the worker records the outcome: let the last ones commit.
      for (let i = 0; i < 40 && (await count(`SELECT count(*)::int AS n FROM deliveries`)) > 0; i++) await sleep(250);
      const batches = await count(`SELECT count(*)::int AS n FROM delivery_batches WHERE state = 'delivered'`);
      const leftInOutbox = await count(`SELECT count(*)::int AS n FROM deliveries`);
      const forward = {
        events,
        people,
        batch,
        workers: workerCount,
        store_s: secs(storeMs),
        fanout_s: secs(fanoutMs),
        fanout_rows: fanoutRows,
        fanout_transactions: fanouts.length,
        first_kept_after_fanout_s: secs(r1.firstKeptAt! - fanoutEnd),
        deliver_s: secs(deliverMs),
        forward_events_per_s: Math.round(events / (deliverMs / 1000)),
        worker_start_to_last_kept_s: secs(totalMs),
        end_to_end_events_per_s: Math.round(events / (totalMs / 1000)),
        kept_requests: r1.keptRequests,
        delivered_batches: batches,
        duplicate_requests: r1.duplicateRequests,
        bad_signatures: r1.badSignatures,
        left_in_outbox: leftInOutbox,
        worker_cpu_s: Number(workerCpuS.toFixed(1)),
        postgres_cpu_s: pg0 === null || pg1 === null ? null : Number(((pg1 - pg0) / 1000).toFixed(1)),
        receiver_cpu_s: Number(((r1.cpuMs - rx0) / 1000).toFixed(1)),
        // The machine may be shared: events per CPU-second (worker + Postgres + receiver) says what the code costs.
        forward_events_per_cpu_s: null as number | null,
      };
      if (forward.postgres_cpu_s !== null)
        forward.forward_events_per_cpu_s = Math.round(events / (forward.worker_cpu_s + forward.postgres_cpu_s + forward.receiver_cpu_s));
      if (r1.eventsKept !== events || r1.duplicateRequests || r1.badSignatures)
        throw new Error(
          `receiver kept ${r1.eventsKept} of ${events} (duplicates ${r1.duplicateRequests}, bad signatures ${r1.badSignatures})`,
        );

      // ---- 2. Ingest overhead: no stream vs one stream forwarding everything ---------------------
      await pool().query(`DELETE FROM event_streams WHERE id = $1`, [stream1.id]);
      await pool().query(`DELETE FROM delivery_endpoints WHERE id = $1`, [stream1.id]);
      const { systemActor } = await import("@/lib/auth/actor");
      const { createSource } = await import("@/lib/sources/manage-sources");
      const source = await createSource(systemActor("bench"), { name: "Bench" });
      const server = await spawnChild("scripts/bench/ingest-server.ts", env);
      children.push(server.proc);
      const load: LoadOptions = {
        ports: [JSON.parse(server.first).port],
        writeKey: source.writeKey,
        clients: intFlag(flags, "clients", 4),
        batchSize: 500,
        users: intFlag(flags, "ingest-users", 20_000),
        identifyShare: 0.05,
        anonymousShare: 0.2,
      };
      // Ingest creates a profile for each new user; runs that made more of them would be slower for
      // that reason alone. So first store enough events that nearly every user exists (3 per user).
      const cover = { requests: 0, events: 0, failures: 0, latenciesMs: [] } as LoadStats;
      const coverUntil = Date.now() + 120_000;
      console.log(`  ingest warm-up: about 3 events for each of ${load.users.toLocaleString("en-US")} users`);
      while (cover.events < load.users * 3 && Date.now() < coverUntil) await runLoad(load, Date.now() + 1_000, cover);
      const block = Math.max(1, Math.round(ingestSeconds / 2));
      type Block = {
        events: number;
        seconds: number;
        failures: number;
        lat: number[];
        serverCpuS: number;
        workerCpuS: number;
        pgCpuS: number | null;
      };
      const measureIngest = async (): Promise<Block> => {
        await runLoad(load, Date.now() + warmup * 1000, { requests: 0, events: 0, failures: 0, latenciesMs: [] });
        const cpu0 = { server: procCpuMs(server.proc.pid!), workers: workers.map((w) => procCpuMs(w.proc.pid!)), pg: db.serverCpuMs() };
        const stats: LoadStats = { requests: 0, events: 0, failures: 0, latenciesMs: [] };
        const t0 = performance.now();
        await runLoad(load, Date.now() + block * 1000, stats);
        const seconds = (performance.now() - t0) / 1000;
        const pgAfter = db.serverCpuMs();
        return {
          events: stats.events,
          seconds,
          failures: stats.failures,
          lat: stats.latenciesMs,
          serverCpuS: (procCpuMs(server.proc.pid!) - cpu0.server) / 1000,
          workerCpuS: workers.reduce((n, w, i) => n + procCpuMs(w.proc.pid!) - cpu0.workers[i]!, 0) / 1000,
          pgCpuS: cpu0.pg === null || pgAfter === null ? null : (pgAfter - cpu0.pg) / 1000,
        };
      };
      const sum = (blocks: Block[]) => {
        const lat = blocks.flatMap((b) => b.lat).sort((a, b) => a - b);
        const total = (k: "serverCpuS" | "workerCpuS") => blocks.reduce((n, b) => n + b[k], 0);
        const pgCpu = blocks.some((b) => b.pgCpuS === null) ? null : blocks.reduce((n, b) => n + b.pgCpuS!, 0);
        return {
          eventsPerS: Math.round(blocks.reduce((n, b) => n + b.events, 0) / blocks.reduce((n, b) => n + b.seconds, 0)),
          failures: blocks.reduce((n, b) => n + b.failures, 0),
          p50: Number(percentile(lat, 50).toFixed(1)),
          p99: Number(percentile(lat, 99).toFixed(1)),
          serverCpuS: total("serverCpuS"),
          workerCpuS: total("workerCpuS"),
          pgCpuS: pgCpu,
        };
      };
      // Alternating blocks (none, stream, none, stream), so a machine that gets busier or a table that
      // grows during the run weighs on both sides alike. "No stream" means none exists: a paused one
      // would still fill the outbox.
      const noneBlocks: Block[] = [];
      const streamBlocks: Block[] = [];
      let stream2 = { id: "" };
      let forwardedDuring = 0;
      for (let round = 0; round < 2; round++) {
        console.log(
          `  ingest round ${round + 1}: no stream, then one stream forwarding every tracked event (${warmup} s warm-up + ${block} s each)`,
        );
        noneBlocks.push(await measureIngest());
        stream2 = await makeWebhookStream({ url: `${rxUrl}/events`, selector: { names: NAMES }, settings: streamSettings, secret: SECRET });
        await rxReset();
        streamBlocks.push(await measureIngest());
        forwardedDuring += (await rx()).eventsKept;
        if (round === 0) {
          await pool().query(`DELETE FROM event_streams WHERE id = $1`, [stream2.id]);
          await pool().query(`DELETE FROM delivery_endpoints WHERE id = $1`, [stream2.id]);
        }
      }
      const none = sum(noneBlocks);
      const withStream = sum(streamBlocks);
      const overheadPct = Number((((none.eventsPerS - withStream.eventsPerS) / none.eventsPerS) * 100).toFixed(1));

      // ---- 3. Lag at a steady rate ----------------------------------------------------------------
      // Let the backlog from the saturated run drain, so lag measures the steady state only.
      t = Date.now();
      while ((await count(`SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id = '${stream2.id}'`)) > 0) {
        if (Date.now() - t > 300_000) throw new Error("the outbox did not drain after the ingest run");
        await sleep(500);
      }
      const drainS = secs(Date.now() - t);
      await rxReset();
      const perRequest = Math.max(1, Math.round(rate / 10));
      const paced: LoadOptions = { ...load, batchSize: perRequest, identifyShare: 0 };
      const auth = `Basic ${Buffer.from(`${load.writeKey}:`).toString("base64")}`;
      console.log(`  steady ${rate.toLocaleString("en-US")} events/s for ${lagSeconds} s (${perRequest} per request, 10 requests/s)`);
      let sent = 0;
      let failed = 0;
      const inFlight = new Set<Promise<void>>();
      const t0 = Date.now();
      for (let k = 0; k < lagSeconds * 10; k++) {
        const due = t0 + k * 100;
        if (due > Date.now()) await sleep(due - Date.now());
        const p: Promise<void> = post(load.ports[0]!, auth, batchBody(paced))
          .then((status) => void (status === 200 ? (sent += perRequest) : failed++))
          .catch(() => void failed++)
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await Promise.all(inFlight);
      const achievedRate = Math.round(sent / ((Date.now() - t0) / 1000));
      t = Date.now();
      let r3 = await rx();
      while (r3.eventsKept < sent && Date.now() - t < 60_000) {
        await sleep(250);
        r3 = await rx();
      }
      await disconnectDb();

      const figures = {
        ...forward,
        ingest_seconds: ingestSeconds,
        ingest_no_stream_events_per_s: none.eventsPerS,
        ingest_one_stream_events_per_s: withStream.eventsPerS,
        ingest_overhead_pct: overheadPct,
        ingest_failures: none.failures + withStream.failures,
        ingest_no_stream_p50_ms: none.p50,
        ingest_one_stream_p50_ms: withStream.p50,
        ingest_no_stream_cpu: `server ${none.serverCpuS.toFixed(1)} s, worker ${none.workerCpuS.toFixed(1)} s, postgres ${none.pgCpuS?.toFixed(1) ?? "n/a"} s`,
        ingest_one_stream_cpu: `server ${withStream.serverCpuS.toFixed(1)} s, worker ${withStream.workerCpuS.toFixed(1)} s, postgres ${withStream.pgCpuS?.toFixed(1) ?? "n/a"} s`,
        forwarded_during_ingest: forwardedDuring,
        backlog_drain_s: drainS,
        lag_rate: rate,
        lag_achieved_rate: achievedRate,
        lag_seconds: lagSeconds,
        lag_events_sent: sent,
        lag_events_kept: r3.eventsKept,
        lag_send_failures: failed,
        lag_p50_ms: Math.round(r3.lag.p50),
        lag_p90_ms: Math.round(r3.lag.p90),
        lag_p99_ms: Math.round(r3.lag.p99),
        lag_max_ms: Math.round(r3.lag.max),
        ...machine(),
      };
      const n = (v: number) => v.toLocaleString("en-US");
      printTable(`streams: ${n(events)} events, ${n(people)} people, batches of ${batch}, ${workerCount} worker process(es)`, [
        ["store events (one statement, s)", figures.store_s],
        ["fan-out into the outbox (s, transactions)", `${figures.fanout_s}, ${figures.fanout_transactions}`],
        ["first batch kept after fan-out ended (s)", figures.first_kept_after_fanout_s],
        ["deliver: first to last kept (s)", figures.deliver_s],
        ["forwarding events/s (target ≥ 20,000)", figures.forward_events_per_s],
        ["worker start → last kept (s), events/s", `${figures.worker_start_to_last_kept_s}, ${n(figures.end_to_end_events_per_s)}`],
        ["requests kept / batches delivered", `${n(figures.kept_requests)} / ${n(figures.delivered_batches)}`],
        [
          "duplicates, bad signatures, left in outbox",
          `${figures.duplicate_requests}, ${figures.bad_signatures}, ${figures.left_in_outbox}`,
        ],
        [
          "CPU worker / postgres / receiver (s)",
          `${figures.worker_cpu_s} / ${figures.postgres_cpu_s ?? "n/a"} / ${figures.receiver_cpu_s}`,
        ],
        [
          "events per CPU-second; if it had every core",
          figures.forward_events_per_cpu_s === null
            ? "n/a"
            : `${n(figures.forward_events_per_cpu_s)}; ${n(figures.forward_events_per_cpu_s * figures.cpus)} events/s`,
        ],
        ["ingest events/s, no stream", figures.ingest_no_stream_events_per_s],
        ["ingest events/s, one stream", figures.ingest_one_stream_events_per_s],
        ["ingest overhead (target within 15%)", `${figures.ingest_overhead_pct}%`],
        ["  CPU, no stream", figures.ingest_no_stream_cpu],
        ["  CPU, one stream", figures.ingest_one_stream_cpu],
        ["  forwarded during the stream run", figures.forwarded_during_ingest],
        ["  backlog drained after it (s)", figures.backlog_drain_s],
        [`lag at ${n(rate)} events/s (achieved), ${lagSeconds} s`, `${n(achievedRate)} events/s, ${n(r3.eventsKept)} of ${n(sent)} kept`],
        ["lag p50 / p90 (ms)", `${figures.lag_p50_ms} / ${figures.lag_p90_ms}`],
        ["lag p99 (target < 5,000 ms) / max", `${figures.lag_p99_ms} / ${figures.lag_max_ms}`],
        ["load avg (1 min), cpus", `${figures.load1}, ${figures.cpus}`],
      ]);
      return figures;
    } finally {
      // Children first, and wait for them: stopping Postgres under live pool connections would crash them.
      await Promise.all(children.map(stopChild));
      await db.close();
    }
  },
};
