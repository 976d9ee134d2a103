import { readFileSync } from "node:fs";
import pg from "pg";
import { benchDatabase } from "./lib";
import { batchBody, type LoadOptions } from "./ingest-load";

// Diagnostic (not a registered benchmark): the Segment batch path in-process (parse + write),
// one batch at a time, with the backend CPU of every statement attributed to its first words
// (the backend's /proc CPU before and after each query; 10 ms ticks, so only sums over many
// statements mean anything), then the worker's fold. Same load shape as `bench -- ingest`.
//   npx tsx scripts/bench/ingest-path-micro.ts        (BATCHES=200)

const BATCHES = Number(process.env.BATCHES ?? 200);

const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
};

async function main() {
  const db = await benchDatabase(undefined, undefined, "durable");
  process.env.DATABASE_URL = db.url;
  process.env.LOG_LEVEL = "warn";
  process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-01";
  process.env.ENCRYPTION_KEY ??= "be".repeat(32);
  const spent = new Map<string, { ms: number; n: number }>();
  let attributing = false;
  let explaining = false;
  const pids = new WeakMap<object, number>();
  const original = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === "string" ? args[0] : ((args[0] as { text?: string })?.text ?? "");
    const pid = (this as unknown as { processID?: number }).processID;
    if (explaining && pid && /^\s*(WITH|SELECT 'p')/.test(text) && typeof args[args.length - 1] !== "function") {
      return (original.apply(this, [`EXPLAIN (ANALYZE, BUFFERS, WAL) ${text}`, ...args.slice(1)]) as Promise<pg.QueryResult>).then((r) => {
        console.log(r.rows.map((x) => x["QUERY PLAN"]).join("\n"));
        return r;
      });
    }
    if (!attributing || !pid || typeof args[args.length - 1] === "function") return original.apply(this, args);
    pids.set(this, pid);
    const before = cpuMs(pid);
    const key = text.replace(/\s+/g, " ").trim().slice(0, 60);
    return (original.apply(this, args) as Promise<unknown>).finally(() => {
      const s = spent.get(key) ?? { ms: 0, n: 0 };
      s.ms += cpuMs(pid) - before;
      s.n++;
      spent.set(key, s);
    });
  };
  try {
    const { systemActor } = await import("@/lib/auth/actor");
    const { createSource } = await import("@/lib/sources/manage-sources");
    const { parseSegmentRequest } = await import("@/lib/ingest/segment/parse-request");
    const { writeMessages } = await import("@/lib/ingest/write/write-messages");
    const { foldEventRollup } = await import("@/lib/segments/sql/rollup-catch-up");
    const { disconnectDb, pool } = await import("@/lib/db");
    if (process.env.SETUP) await pool().query(process.env.SETUP);
    const source = await createSource(systemActor("bench"), { name: "Bench" });
    const o: LoadOptions = {
      ports: [],
      writeKey: source.writeKey,
      clients: 1,
      batchSize: 500,
      users: 20_000,
      identifyShare: 0.05,
      anonymousShare: 0.2,
    };
    const write = async (body: string) => {
      const parsed = parseSegmentRequest(body, "batch", new Date());
      await writeMessages(parsed.messages, { sourceId: source.id, receivedAt: new Date() });
    };
    for (let u = 0; u < o.users; u += o.batchSize) await write(batchBody(o, u));
    await foldEventRollup();
    const bodies = Array.from({ length: BATCHES }, () => batchBody(o));
    attributing = true;
    const node0 = process.cpuUsage();
    let folds = 0;
    for (const [i, b] of bodies.entries()) {
      await write(b);
      if (i % 10 === 9) folds += await foldEventRollup(); // about every 2 s at the target rate
    }
    const node = process.cpuUsage(node0);
    attributing = false;
    const events = BATCHES * o.batchSize;
    let total = 0;
    const rows = [...spent].sort((a, b) => b[1].ms - a[1].ms);
    for (const [, s] of rows) total += s.ms;
    console.log(`backend CPU per event by statement (${events} events, ${folds} rollup rows folded):`);
    for (const [k, s] of rows) console.log(`${((s.ms * 1000) / events).toFixed(1).padStart(6)} µs  ×${String(s.n).padStart(5)}  ${k}`);
    console.log(`${((total * 1000) / events).toFixed(1).padStart(6)} µs  total backend`);
    console.log(`${(((node.user + node.system) / 1000 / events) * 1000).toFixed(1).padStart(6)} µs  node (parse + write, this process)`);
    if (process.env.EXPLAIN) {
      explaining = true;
      await write(batchBody(o));
      explaining = false;
    }
    await disconnectDb();
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
