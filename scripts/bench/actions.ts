import type { ChildProcess } from "node:child_process";
import { intFlag, stringFlag, type Flags } from "../lib/args";
import { benchDatabase, machine, nodeCpuMs, printTable, type Benchmark, type BenchDatabase } from "./lib";
import { procCpuMs, spawnChild, stopChild } from "./streams";
import { setupPeople } from "./streams-setup";

// Webhook actions (issue 13): N people enter a segment at once (one refresh writes N entry
// transitions), an entry action with a realistic Liquid body, Standard Webhooks signing and a
// secret header, rate limit off. Two measurements on one fresh database:
// 1. Render: the feeder turns the transitions into N triggers, then the due-trigger step renders
//    them into the ledger chunk by chunk, in this process. Renders/s = N / wall time of that step,
//    with the share spent in Liquid (Node) apart from the rest (Postgres: claim, membership, outbox
//    insert, trigger update). Target ≥ 20,000/s.
// 2. Deliver: worker process(es) run the real delivery loop against a local receiver in another
//    process (one request per person, batch size 1). Delivered requests/s from the first to the
//    last request at the receiver; the receiver must count exactly N distinct webhook-ids. Target ≥ 5,000/s.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number) => Number((ms / 1000).toFixed(2));

type RxStats = { distinct: number; requests: number; duplicates: number; firstAt: number | null; lastAt: number | null; cpuMs: number };

const BODY = `{
  "event": "cart_abandoned",
  "customer_id": "{{ customer.id }}",
  "email_sha256": "{{ customer.email | sha256 }}",
  "first_name": {{ customer.first_name | json }},
  "cart_value": {{ customer.cart_value | default: 0 }},
  "last_sku": "{{ customer.last_sku }}",
  "segment": "{{ segment.name }}",
  "entered_at": "{{ trigger.at }}"
}`;

export const actionsBenchmark: Benchmark = {
  description: "webhook actions: N people enter a segment at once; renders/s into the ledger and delivered requests/s to a local receiver",
  usage: "npm run bench -- actions [--people 100000] [--workers 1] [--chunk 5000] [--deliver 1] [--stall-seconds 120] [--database-url URL]",
  async run(flags: Flags) {
    const people = intFlag(flags, "people", 100_000);
    const workerCount = intFlag(flags, "workers", 1);
    const chunk = intFlag(flags, "chunk", 5_000);
    /** --deliver 0 measures rendering only (delivery of N requests takes minutes on a busy machine). */
    const deliverToo = intFlag(flags, "deliver", 1) !== 0;
    const db: BenchDatabase = await benchDatabase(stringFlag(flags, "database-url"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: db.url,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-secret-bench-secret-bench-secret-01",
      ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? "be".repeat(32),
      EGRESS_ALLOW: process.env.EGRESS_ALLOW ?? "127.0.0.0/8,::1,localhost",
    };
    Object.assign(process.env, env);
    const children: ChildProcess[] = [];
    try {
      const { pool } = await import("@/lib/db");
      pool().on("error", () => {});
      const { generateSigningSecret } = await import("@/lib/delivery/signing");
      const fx = await import("@/lib/webhook-actions/runtime/testing/action-fixtures");
      const { feedActionTriggers } = await import("@/lib/webhook-actions/runtime/feed-action-triggers");
      const { fireChunk } = await import("@/lib/webhook-actions/runtime/fire-due-triggers");
      const receiver = await spawnChild("scripts/bench/actions-receiver.ts", env);
      children.push(receiver.proc);
      const rxUrl = receiver.first;
      const rx = async (): Promise<RxStats> => (await fetch(`${rxUrl}/bench`)).json() as Promise<RxStats>;
      const count = async (sql: string) => Number((await pool().query(sql)).rows[0].n);

      let t = Date.now();
      await setupPeople(db.url, people);
      await pool().query(
        `UPDATE profiles SET attributes = jsonb_build_object('vip', true, 'first_name', 'Shopper ' || id, 'cart_value', (id % 500) + 0.99, 'last_sku', 'SKU-' || (id % 900))`,
      );
      await fx.makeVipSegment();
      const action = await fx.makeAction({
        url: `${rxUrl}/crm`,
        signing: { mode: "standard" },
        signingKey: generateSigningSecret(),
        secrets: { api_key: "bench-api-key-0123456789" },
        timeoutMs: 15_000,
        request: {
          method: "POST",
          url: `${rxUrl}/crm/{{ customer.id }}`,
          headers: [{ name: "Authorization", value: "Bearer {{ secrets.api_key }}" }],
          body: BODY,
        },
      });
      const setupMs = Date.now() - t;
      t = Date.now();
      const refreshed = await fx.refreshVips();
      const refreshMs = Date.now() - t;
      console.log(
        `  ${people.toLocaleString("en-US")} people set up in ${secs(setupMs)} s; ${refreshed.entered.toLocaleString("en-US")} entered in ${secs(refreshMs)} s`,
      );

      // ---- 1. Feed and render --------------------------------------------------------------------
      const pg0 = db.serverCpuMs();
      const node0 = nodeCpuMs();
      t = Date.now();
      const fed = await feedActionTriggers();
      const feedMs = Date.now() - t;
      t = Date.now();
      let rendered = 0;
      let skipped = 0;
      let liquidMs = 0;
      let chunks = 0;
      const phases = { claim: 0, scopes: 0, liquid: 0, enqueue: 0, rest: 0 };
      for (;;) {
        const c = await fireChunk({ chunkSize: chunk, actionIds: [action.id] });
        if (!c.enqueued && !c.skipped) break;
        rendered += c.enqueued;
        skipped += c.skipped;
        liquidMs += c.phases.liquid;
        for (const k of Object.keys(phases) as (keyof typeof phases)[]) phases[k] += c.phases[k];
        chunks++;
      }
      const renderMs = Date.now() - t;
      const pg1 = db.serverCpuMs();
      const nodeRenderCpuS = (nodeCpuMs() - node0) / 1000;
      const render = {
        people,
        entered: refreshed.entered,
        triggers_fed: fed,
        feed_s: secs(feedMs),
        rendered,
        skipped,
        chunks,
        render_s: secs(renderMs),
        renders_per_s: Math.round(rendered / (renderMs / 1000)),
        liquid_s: secs(liquidMs),
        liquid_renders_per_s: Math.round(rendered / (liquidMs / 1000)),
        node_cpu_s: Number(nodeRenderCpuS.toFixed(1)),
        claim_s: secs(phases.claim),
        scopes_s: secs(phases.scopes),
        enqueue_s: secs(phases.enqueue),
        frequency_update_commit_s: secs(phases.rest),
        postgres_cpu_s: pg0 === null || pg1 === null ? null : Number(((pg1 - pg0) / 1000).toFixed(1)),
      };
      printTable(`Render: ${people.toLocaleString("en-US")} entries into the ledger (chunks of ${chunk})`, [
        ["triggers fed", `${fed.toLocaleString("en-US")} in ${render.feed_s} s`],
        ["rendered and enqueued", `${rendered.toLocaleString("en-US")} in ${render.render_s} s`],
        ["renders/s (target ≥ 20,000)", render.renders_per_s],
        ["of which Liquid (Node)", `${render.liquid_s} s (${render.liquid_renders_per_s.toLocaleString("en-US")}/s)`],
        [
          "claim / scopes / outbox insert / update+commit",
          `${render.claim_s} / ${render.scopes_s} / ${render.enqueue_s} / ${render.frequency_update_commit_s} s`,
        ],
        ["Node CPU / Postgres CPU", `${render.node_cpu_s} s / ${render.postgres_cpu_s ?? "?"} s`],
        ["skipped", skipped],
      ]);

      if (!deliverToo) return { ...render, delivered: false };

      // ---- 2. Deliver ----------------------------------------------------------------------------
      const rx0 = (await rx()).cpuMs;
      const pg2 = db.serverCpuMs();
      const startedAt = Date.now();
      const workers = await Promise.all(Array.from({ length: workerCount }, () => spawnChild("scripts/bench/actions-worker.ts", env)));
      children.push(...workers.map((w) => w.proc));
      const workerCpu0 = workers.map((w) => procCpuMs(w.proc.pid!));
      for (;;) {
        const s = await rx();
        if (s.distinct >= rendered) break;
        await sleep(250);
        if (Date.now() - (s.lastAt ?? startedAt) > intFlag(flags, "stall-seconds", 120) * 1000) {
          throw new Error(`delivery stalled at ${s.distinct} of ${rendered}: ${JSON.stringify(s)}`);
        }
      }
      const r = await rx();
      const pg3 = db.serverCpuMs();
      const workerCpuS = workers.reduce((n, w, i) => n + procCpuMs(w.proc.pid!) - workerCpu0[i]!, 0) / 1000;
      for (let i = 0; i < 40 && (await count(`SELECT count(*)::int AS n FROM deliveries`)) > 0; i++) await sleep(250);
      const deliverMs = r.lastAt! - r.firstAt!;
      const deliver = {
        workers: workerCount,
        distinct_webhook_ids: r.distinct,
        requests_at_receiver: r.requests,
        duplicates: r.duplicates,
        deliver_s: secs(deliverMs),
        delivered_per_s: Math.round(r.distinct / (deliverMs / 1000)),
        worker_start_to_last_s: secs(r.lastAt! - startedAt),
        left_in_outbox: await count(`SELECT count(*)::int AS n FROM deliveries`),
        delivered_batches: await count(`SELECT count(*)::int AS n FROM delivery_batches WHERE state = 'delivered'`),
        worker_cpu_s: Number(workerCpuS.toFixed(1)),
        deliver_postgres_cpu_s: pg2 === null || pg3 === null ? null : Number(((pg3 - pg2) / 1000).toFixed(1)),
        receiver_cpu_s: Number(((r.cpuMs - rx0) / 1000).toFixed(1)),
      };
      printTable(`Deliver: ${rendered.toLocaleString("en-US")} requests, ${workerCount} worker(s), rate limit off`, [
        ["distinct webhook-ids at the receiver", r.distinct],
        ["requests (resends included)", r.requests],
        ["delivered requests/s (target ≥ 5,000)", deliver.delivered_per_s],
        ["first to last request", `${deliver.deliver_s} s`],
        [
          "worker CPU / Postgres CPU / receiver CPU",
          `${deliver.worker_cpu_s} s / ${deliver.deliver_postgres_cpu_s ?? "?"} s / ${deliver.receiver_cpu_s} s`,
        ],
        ["left in the outbox", deliver.left_in_outbox],
      ]);
      if (r.distinct !== people || r.duplicates)
        throw new Error(`the receiver got ${r.distinct} distinct requests of ${people} (${r.duplicates} duplicates)`);
      const m = machine();
      return { ...render, ...deliver, exactly_once: r.distinct === people && r.duplicates === 0, cpus: m.cpus, load1: m.load1 };
    } finally {
      await Promise.all(children.map(stopChild));
      const { disconnectDb } = await import("@/lib/db");
      await disconnectDb().catch(() => {});
      await db.close();
    }
  },
};
